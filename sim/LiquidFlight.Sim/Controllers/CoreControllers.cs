using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Sim.Controllers;

/// <summary>Builds Core's fixed-point controllers from Core's controller table, exactly as the firmware does.</summary>
internal static class CoreControllers
{
    /// <summary>The shipped model's generated straight-line step, as the firmware flies it.</summary>
    public static ControllerInstance CreateLtc()
    {
        var controller = (LtcController)ControllerTable.CreateShipped(ControllerKind.Ltc, null);
        return new ControllerInstance(ControllerCatalog.Ltc, controller, new NetworkProbe(controller.Network));
    }

    /// <summary>The shipped model on the generic solver (LtcNetwork), which flies any model file.</summary>
    public static ControllerInstance CreateLtcGeneric()
    {
        var controller = (LtcController)ControllerTable.Create(ControllerKind.Ltc, null, ShippedModel.Create());
        return new ControllerInstance(ControllerCatalog.LtcGeneric, controller, new NetworkProbe(controller.Network));
    }

    public static ControllerInstance CreatePid(FrameSpec frame) =>
        new(ControllerCatalog.Pid, ControllerTable.Create(ControllerKind.Pid, PidTuning.ToGains(frame.PidGains), null), null);

    private sealed class NetworkProbe(LtcStep network) : INeuronProbe
    {
        public int NeuronCount => network.NeuronCount;

        public void Read(double[] states)
        {
            for (int i = 0; i < states.Length && i < network.NeuronCount; i++)
            {
                states[i] = network.GetState(i) / 65536.0;
            }
        }
    }
}
