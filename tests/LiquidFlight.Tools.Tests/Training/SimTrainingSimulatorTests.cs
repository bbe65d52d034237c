using LiquidFlight.Cli;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Training.Simulation;

namespace LiquidFlight.Tools.Tests.Training;

/// <summary>Randomised training flights must still get through the board's boot gyro calibration.</summary>
public class SimTrainingSimulatorTests
{
    [Theory]
    [InlineData("quad250-brushless")]
    [InlineData("esp-drone-brushed")]
    public void The_noisiest_randomised_noisy_imu_flight_arms_and_flies(string frame)
    {
        // noisy-imu is x15 by itself; the domain randomiser's top noise draw (x4) makes x60, whose gyro noise
        // (4 deg/s on the 250 frame) the calibration's 2 deg/s motion limit refuses: the board never armed.
        var spec = new EpisodeSpec("noisy-imu", frame, Seed: 5, Seconds: 2, LoopHz: 500, NoiseScale: 4);
        var sim = TrainCommands.CreateSimulator();
        double cap = SimTrainingSimulator.CalibratableNoiseScale(FrameCatalog.Get(frame));
        Assert.InRange(cap, 15, 60);
        Assert.Equal(cap, SimTrainingSimulator.Request(spec, sim.CreateTeacher(frame)).Conditions.NoiseScale);

        EpisodeOutcome outcome = sim.Fly(spec, sim.CreateTeacher(frame));

        Assert.True(outcome.SimSeconds >= 2, $"flew {outcome.SimSeconds} s");
    }

    [Theory]
    [InlineData(200)]
    [InlineData(250)]
    [InlineData(333)]
    [InlineData(500)]
    [InlineData(750)]
    [InlineData(1000)]
    public void Training_flights_poll_the_receiver_in_every_even_slot_at_every_randomised_loop_rate(int loopHz)
    {
        // The slot plan of the flights the shipped model was trained on, so that train --seed 1 still makes it.
        Assert.Contains(loopHz, new DomainRanges().LoopHz);
        var spec = new EpisodeSpec("hover-recovery", "quad250-brushless", Seed: 5, Seconds: 2, LoopHz: loopHz);
        var sim = TrainCommands.CreateSimulator();
        var conditions = SimTrainingSimulator.Request(spec, sim.CreateTeacher("quad250-brushless")).Conditions;
        var board = new LiquidFlight.Sim.Board.SimulatedBoard(FrameCatalog.Get("quad250-brushless"), conditions, sim.CreateTeacher("quad250-brushless"));
        Assert.Equal(2, board.Cycle.Config.RcPollStride());
    }

    [Fact]
    public void Noise_below_the_cap_is_the_scenario_times_the_draw()
    {
        var spec = new EpisodeSpec("noisy-imu", "quad250-brushless", Seed: 5, Seconds: 2, LoopHz: 500, NoiseScale: 0.5);
        var sim = TrainCommands.CreateSimulator();
        Assert.Equal(7.5, SimTrainingSimulator.Request(spec, sim.CreateTeacher("quad250-brushless")).Conditions.NoiseScale, 9);
    }
}
