using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Hil;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Hil;

/// <summary>
/// A HIL flight over the in-memory pipe: the simulator (<see cref="HilFlightBoard"/> in the closed loop) against
/// the virtual board (<see cref="VirtualBoard"/>) on another thread. In lockstep it is the in-process flight of the
/// same scenario, frame and seed, number for number; garbage on the line is counted and changes nothing; a board
/// that stops answering ends the flight with the flight so far and the reason.
/// </summary>
public class HilFlightTests
{
    /// <summary>Bytes the board writes pass through, with garbage (no MAVLink start byte) before every frame; after
    /// <c>stopAfterWrites</c> frames the board goes silent.</summary>
    private sealed class Garbling(IHilStream inner, int stopAfterWrites = int.MaxValue) : IHilStream
    {
        private static readonly byte[] Noise = [0x00, 0x55, 0xAA, 0x13, 0x37, 0xFF];
        private int writes;

        public long GarbageBytes { get; private set; }
        public bool Garble { get; init; }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => inner.Read(buffer, offset, count, timeoutMs);

        public void Write(byte[] buffer, int offset, int count)
        {
            if (++writes > stopAfterWrites)
            {
                return; // the board goes silent
            }

            if (Garble)
            {
                inner.Write(Noise, 0, Noise.Length);
                GarbageBytes += Noise.Length;
            }

            inner.Write(buffer, offset, count);
        }

        public void Dispose()
        {
        }
    }

    private static readonly FrameSpec Frame = FrameCatalog.Get(FrameCatalog.DefaultFrameName);

    private static Scenario Named(string name) => ScenarioCatalog.TryGet(name, out var s) ? s : throw new ArgumentException(name);

    private static FlightResult FlyInProcess(Scenario scenario, ConditionOverrides o, string controller = ControllerCatalog.Pid) =>
        ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = Frame,
            Conditions = scenario.Resolve(Frame, o),
            Seed = 7,
            Controller = ControllerCatalog.Create(controller, Frame).Controller,
        });

    private static FlightResult FlyHil(Scenario scenario, ConditionOverrides o, Func<IHilStream, IHilStream> boardSide, double timeoutS = 5,
        string controller = ControllerCatalog.Pid)
    {
        var (sim, boardEnd) = HilPipe.Create();
        var board = new VirtualBoard(Frame, ControllerCatalog.Create(controller, Frame).Controller, boardSide(boardEnd), controller);
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => board.Run(stop.Token)) { IsBackground = true };
        thread.Start();
        try
        {
            return ClosedLoopRunner.Fly(new FlightRequest
            {
                Scenario = scenario,
                Frame = Frame,
                Conditions = scenario.Resolve(Frame, o),
                Seed = 7,
                Board = (f, c) => new HilFlightBoard(f, c, sim, "pipe", lockstep: true, timeoutS),
            });
        }
        finally
        {
            stop.Cancel();
            thread.Join();
        }
    }

    private static void AssertSameFlight(FlightResult fly, FlightResult hil)
    {
        Assert.Equal(fly.Crashed, hil.Crashed);
        Assert.Equal(fly.RmsAttitudeErrorDeg, hil.RmsAttitudeErrorDeg);
        Assert.Equal(fly.MaxAttitudeErrorDeg, hil.MaxAttitudeErrorDeg);
        Assert.Equal(fly.SettleTimeS, hil.SettleTimeS);
        Assert.Equal((fly.SettledSteps, fly.UnsettledSteps), (hil.SettledSteps, hil.UnsettledSteps));
        Assert.Equal(fly.SimSeconds, hil.SimSeconds);
        Assert.Equal(fly.ControlCycles, hil.ControlCycles);
        Assert.Equal((fly.ImuSamplesDelivered, fly.ImuSamplesDropped), (hil.ImuSamplesDelivered, hil.ImuSamplesDropped));
        Assert.Equal(fly.Safety with { Cause = default, ArmingRefusals = 0, LastRefusal = default }, hil.Safety);
    }

    [Theory]
    [InlineData(ControllerCatalog.Pid)]
    [InlineData("ltc")]
    public void A_lockstep_hil_flight_over_the_pipe_is_the_in_process_flight_and_every_sample_is_answered(string controller)
    {
        var scenario = Named("attitude-steps");
        var o = new ConditionOverrides { Seconds = 2, Jitter = 0.2 };
        var fly = FlyInProcess(scenario, o, controller);
        var hil = FlyHil(scenario, o, s => s, controller: controller);
        AssertSameFlight(fly, hil);
        Assert.True(fly.RmsAttitudeErrorDeg > 0.5, "the steps were flown");
        var link = hil.Link!;
        Assert.Null(link.Error);
        Assert.Equal(0, link.CrcErrors + link.GarbageBytes + link.OtherBadFrames + link.DroppedFrames);
        Assert.Equal(link.SensorFrames + link.TimeOnlyFrames, link.ActuatorFrames);
        Assert.Equal(controller, link.BoardController);
        Assert.True(link.LatencyMinUs > 0 && link.LatencyMinUs <= link.LatencyMeanUs && link.LatencyMeanUs <= link.LatencyMaxUs);
    }

    [Fact]
    public void Garbage_on_the_line_is_counted_and_the_flight_is_unchanged()
    {
        var scenario = Named("attitude-steps");
        var o = new ConditionOverrides { Seconds = 1 };
        var fly = FlyInProcess(scenario, o);
        Garbling? garbling = null;
        var hil = FlyHil(scenario, o, s => garbling = new Garbling(s) { Garble = true });
        AssertSameFlight(fly, hil);
        Assert.True(garbling!.GarbageBytes > 1000);
        Assert.Equal(garbling.GarbageBytes, hil.Link!.GarbageBytes);
        Assert.Equal(0, hil.Link.CrcErrors);
    }

    [Fact]
    public void A_board_that_stops_answering_ends_the_flight_with_the_flight_so_far_and_the_reason()
    {
        var scenario = Named("attitude-steps");
        // About 1,500 cycles answered: the pre-flight (about 720 cycles) and some 1.5 s of the flight.
        var hil = FlyHil(scenario, new ConditionOverrides { Seconds = 4 }, s => new Garbling(s, stopAfterWrites: 1600), timeoutS: 1);
        var link = hil.Link!;
        Assert.NotNull(link.Error);
        Assert.Contains("stopped answering", link.Error);
        Assert.True(link.BoardAnswered);
        Assert.InRange(hil.SimSeconds, 0.5, 3.5);
        Assert.Equal(1, link.DroppedFrames); // the one sample whose answer never came
    }
}
