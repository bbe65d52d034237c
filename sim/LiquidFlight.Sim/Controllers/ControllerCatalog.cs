using LiquidFlight.Core.Control;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Sim.Controllers;

/// <summary>A controller ready to fly, with its neuron probe when it is a network.</summary>
public sealed record ControllerInstance(string Name, IController Controller, INeuronProbe? Neurons);

/// <summary>
/// The controllers the simulator can fly, by name: `ltc` (Core's fixed-point LTC controller with the shipped
/// model's generated straight-line step, what the firmware flies), `ltc-generic` (the same model on Core's generic
/// solver LtcNetwork: the same bits), `ltc-float` (the same model in double precision) and `pid` (Core's cascaded
/// PID with the frame's tuned gains). Each call builds a fresh instance.
/// </summary>
public static class ControllerCatalog
{
    public const string Ltc = "ltc";
    public const string LtcGeneric = "ltc-generic";
    public const string LtcFloat = "ltc-float";
    public const string Pid = "pid";

    public static readonly IReadOnlyList<string> Names = [Ltc, LtcFloat, Pid, LtcGeneric];

    /// <summary>What `compare` flies by default: `ltc-generic` is left out, it flies the same bits as `ltc`.</summary>
    public static readonly IReadOnlyList<string> CompareDefaults = [Ltc, LtcFloat, Pid];

    public static bool IsKnown(string name) => Names.Contains(name);

    public static ControllerInstance Create(string name, FrameSpec frame)
    {
        switch (name)
        {
            case LtcFloat:
            {
                var c = new ReferenceLtcController(ShippedModelReference.Create());
                return new ControllerInstance(name, c, c);
            }

            case Ltc:
                return CoreControllers.CreateLtc();
            case LtcGeneric:
                return CoreControllers.CreateLtcGeneric();
            case Pid:
                return CoreControllers.CreatePid(frame);
            default:
                throw new ArgumentException($"unknown controller \"{name}\"; allowed: {string.Join(", ", Names)}");
        }
    }
}
