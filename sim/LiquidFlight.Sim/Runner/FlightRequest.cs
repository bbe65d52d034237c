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
    /// <summary>The board's controller (in process); null when <see cref="Board"/> brings its own board.</summary>
    public IController? Controller { get; init; }

    /// <summary>
    /// Builds the board the flight flies against from the frame and the resolved conditions; null = Core's board
    /// cycle in this process with <see cref="Controller"/> (a HIL flight passes its link here).
    /// </summary>
    public Func<LiquidFlight.Sim.Frames.FrameSpec, LiquidFlight.Sim.Scenarios.FlightConditions, LiquidFlight.Sim.Board.IFlightBoard>? Board { get; init; }

    /// <summary>The controller's catalogue name for reports ("ltc", "ltc-float", "pid").</summary>
    public string ControllerName { get; init; } = "";

    /// <summary>Keep a time series (for --plot and --csv); costs memory and some speed.</summary>
    public bool Record { get; init; }

    /// <summary>Neuron states to record when the controller is a network.</summary>
    public INeuronProbe? Neurons { get; init; }

    /// <summary>
    /// Physics step (µs); control events in between split a step so commands apply on time, and IMU slots inside a
    /// step read the truth interpolated to their stamps. 1 ms: the rotor lag is integrated exactly (any step) and
    /// the rest trapezoidally (QuadrotorBody); the fastest remaining dynamics, the rate response to a motor change,
    /// is limited by the motor time constant (25 ms on the 250 frame, 2.5 ms at the smallest --motor-lag-scale 0.1):
    /// 2.5 to 50 steps per time constant and 2 per 500 Hz control cycle. PhysicsStepConvergenceTests bound the
    /// difference to a 50 µs reference.
    /// </summary>
    public int PhysicsStepUs { get; init; } = DefaultPhysicsStepUs;

    public const int DefaultPhysicsStepUs = 1000;

    /// <summary>
    /// Keep simulating after a crash (the metrics still report it and stop at the crash time): for benchmarks,
    /// whose cost must not depend on how well the controller flies.
    /// </summary>
    public bool ContinueAfterCrash { get; init; }

    /// <summary>Height (m) the flight starts at and the pilot holds.</summary>
    public double StartHeightM { get; init; } = 30;

    /// <summary>
    /// Faults to inject (RC loss, IMU dropout, stuck sensor, ...), in addition to the scenario's own
    /// (<see cref="Scenario.Fault"/>); several may overlap. The safety supervisor always flies.
    /// </summary>
    public IReadOnlyList<LiquidFlight.Sim.Faults.FaultPlan> Faults { get; init; } = [];

    /// <summary>The scenario's fault followed by <see cref="Faults"/>.</summary>
    public IReadOnlyList<LiquidFlight.Sim.Faults.FaultPlan> AllFaults =>
        Scenario.Fault is { } own ? [own, .. Faults] : Faults;
}
