using LiquidFlight.Core.Control;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// What training needs from the simulator: the scenario and frame names, the per-frame teacher, and one
/// closed-loop flight of any controller. Implemented over LiquidFlight.Sim; tests may substitute their own.
/// Fly must be a pure function of (spec, controller behaviour) and safe to call from several threads at once.
/// </summary>
public interface ITrainingSimulator
{
    IReadOnlyList<string> Scenarios { get; }
    IReadOnlyList<string> Frames { get; }

    /// <summary>A fresh teacher controller (the PID tuned for this frame).</summary>
    IController CreateTeacher(string frame);

    /// <summary>A fresh fixed-point LTC controller (what the firmware flies) running the given model.</summary>
    IController CreateFixedPointLtc(LiquidFlight.Model.LtcModel model);

    EpisodeOutcome Fly(EpisodeSpec spec, IController controller);
}
