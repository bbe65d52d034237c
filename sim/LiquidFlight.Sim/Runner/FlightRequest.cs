using LiquidFlight.Core.Control;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Runner;

/// <summary>Everything one closed-loop flight needs; the controller instance is used by this flight only.</summary>
public sealed class FlightRequest
{
    public required Scenario Scenario { get; init; }
    public required FrameSpec Frame { get; init; }
    public required FlightConditions Conditions { get; init; }
    public required int Seed { get; init; }
    public required IController Controller { get; init; }

    /// <summary>The controller's catalogue name for reports ("ltc", "ltc-float", "pid").</summary>
    public string ControllerName { get; init; } = "";

    /// <summary>Keep a time series (for --plot and --csv); costs memory and some speed.</summary>
    public bool Record { get; init; }

    /// <summary>Neuron states to record when the controller is a network.</summary>
    public INeuronProbe? Neurons { get; init; }

    /// <summary>Physics step (µs); control events in between split a step so commands apply on time.</summary>
    public int PhysicsStepUs { get; init; } = 250;

    /// <summary>
    /// Keep simulating after a crash (the metrics still report it and stop at the crash time): for benchmarks,
    /// whose cost must not depend on how well the controller flies.
    /// </summary>
    public bool ContinueAfterCrash { get; init; }

    /// <summary>Height (m) the flight starts at and the pilot holds.</summary>
    public double StartHeightM { get; init; } = 30;

    /// <summary>
    /// A fault to inject (RC loss, IMU dropout, stuck sensor). When set, the Core safety supervisor flies with the
    /// loop (arming through the switch, failsafe) and the result reports what it did; null = no supervisor.
    /// </summary>
    public LiquidFlight.Sim.Faults.FaultPlan? Fault { get; init; }
}
