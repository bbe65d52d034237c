using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Core.Tests.Control;

public class LtcControllerTests
{
    private const int One = Q16.One;

    private static int Q(double v) => (int)Math.Round(v * One);

    private static (ControlSetpoint, VehicleState) Example() =>
        (new ControlSetpoint { RollRad = Q(0.3), PitchRad = Q(-0.2), YawRateRadS = Q(1.0), Throttle = Q(0.5) },
         new VehicleState { Roll = Q(0.1), Pitch = Q(0.05), RollRate = Q(0.7), PitchRate = Q(-0.6), YawRate = Q(0.4) });

    [Fact]
    public void InputLayoutMatchesTheShippedModelsNames()
    {
        var p = ShippedModel.Create();
        Assert.Equal(LtcController.InputNames, p.InputNames);
        Assert.Equal(LtcController.OutputNames, p.OutputNames);
    }

    // A network that records what it is given (through LtcStep's default argument form, which fills an array and
    // calls the array form) and answers with fixed outputs.
    private sealed class RecordingStep : LtcStep
    {
        public readonly int[] Inputs = new int[6];
        public long Dt;
        public int Calls;

        public override int InputCount => 6;
        public override int NeuronCount => 1;
        public override int MotorCount => 3;
        public override LtcParameters Parameters => null!;
        public override void Reset() { }
        public override int GetState(int i) => 0;

        public override bool Step(int[] inputsQ16, long dtMicros, int[] outputsQ16)
        {
            Calls++;
            Array.Copy(inputsQ16, Inputs, 6);
            Dt = dtMicros;
            outputsQ16[0] = 11;
            outputsQ16[1] = -22;
            outputsQ16[2] = 33;
            return dtMicros > 0;
        }
    }

    [Fact]
    public void InputsAreErrorsThenRatesInTheDocumentedOrder()
    {
        var network = new RecordingStep();
        var controller = new LtcController(network);
        var (sp, state) = Example();
        var cmd = new AxisCommand();
        controller.Update(sp, state, 2000, cmd);
        int[] expected = { Q(0.3) - Q(0.1), Q(-0.2) - Q(0.05), Q(1.0) - Q(0.4), Q(0.7), Q(-0.6), Q(0.4) };
        Assert.Equal(1, network.Calls);
        Assert.Equal(expected, network.Inputs);
        Assert.Equal(2000, network.Dt);
        Assert.Equal((11, -22, 33), (cmd.Roll, cmd.Pitch, cmd.Yaw));

        // Errors beyond the int range saturate before the network sees them.
        controller.Update(new ControlSetpoint { RollRad = int.MaxValue, PitchRad = int.MinValue, YawRateRadS = int.MaxValue },
            new VehicleState { Roll = int.MinValue, Pitch = 5, YawRate = -7 }, 1000, cmd);
        Assert.Equal(new[] { int.MaxValue, int.MinValue, int.MaxValue, 0, 0, -7 }, network.Inputs);
    }

    [Fact]
    public void CommandsAreTheNetworkOutputsForThoseInputsOverTheSampleDt()
    {
        var controller = new LtcController(new LtcNetwork(ShippedModel.Create()));
        var twin = new LtcNetwork(ShippedModel.Create());
        var (sp, state) = Example();
        var cmd = new AxisCommand();
        int[] inputs = { Q(0.3) - Q(0.1), Q(-0.2) - Q(0.05), Q(1.0) - Q(0.4), Q(0.7), Q(-0.6), Q(0.4) };
        var outputs = new int[3];
        foreach (long dt in new long[] { 2000, 500, 3900, 1200 })
        {
            controller.Update(sp, state, dt, cmd);
            twin.Step(inputs, dt, outputs);
            Assert.Equal(Q16.Clamp(outputs[0], -One, One), cmd.Roll);
            Assert.Equal(Q16.Clamp(outputs[1], -One, One), cmd.Pitch);
            Assert.Equal(Q16.Clamp(outputs[2], -One, One), cmd.Yaw);
        }
    }

    [Fact]
    public void NoElapsedTimeLeavesTheNeuronsAlone()
    {
        var controller = new LtcController(new LtcNetwork(ShippedModel.Create()));
        var (sp, state) = Example();
        controller.Update(sp, state, 2000, new AxisCommand());
        int n = controller.Network.NeuronCount;
        var before = Enumerable.Range(0, n).Select(controller.Network.GetState).ToArray();
        controller.Update(sp, state, 0, new AxisCommand());
        controller.Update(sp, state, -7000, new AxisCommand());
        Assert.Equal(before, Enumerable.Range(0, n).Select(controller.Network.GetState).ToArray());
    }

    [Fact]
    public void OutputsBeyondFullAuthorityAreClamped()
    {
        var p = ShippedModel.Create();
        p.OutputOffset[0] = 50 * One;
        p.OutputOffset[1] = -50 * One;
        var controller = new LtcController(new LtcNetwork(p));
        var (sp, state) = Example();
        var cmd = new AxisCommand();
        controller.Update(sp, state, 2000, cmd);
        Assert.Equal(One, cmd.Roll);
        Assert.Equal(-One, cmd.Pitch);
    }

    [Fact]
    public void RefusesANetworkWhoseInputsMeanSomethingElse()
    {
        var p = ShippedModel.Create();
        p.InputNames[3] = "altitudeM";
        var e = Assert.Throws<ArgumentException>(() => new LtcController(new LtcNetwork(p)));
        Assert.Contains("altitudeM", e.Message);
        Assert.Contains("rollRateRadS", e.Message);
    }

    [Fact]
    public void WrittenOutUpdateIsFormInputsStepAndToCommandBitForBit()
    {
        // Update flies the generated step's StepAttitude, which writes the three steps out for the interpreter; the
        // composition of the plain methods over the generic network is the twin. (Widened output maps, where the
        // clamps act more often, are GeneratedStepTests' attitude test.)
        LtcParameters p = ShippedModel.Create();
        var controller = new LtcController(new ShippedModelStep());
        var twin = new LtcNetwork(p);
        var rng = new Random(5);
        var inputs = new int[LtcController.InputCount];
        var outputs = new int[LtcController.OutputCount];
        var expected = new AxisCommand();
        var cmd = new AxisCommand();
        int Value() => rng.Next(4) switch { 0 => int.MinValue, 1 => int.MaxValue, _ => rng.Next(-4 * One, 4 * One) };
        int clamped = 0;
        for (int k = 0; k < 20_000; k++)
        {
            var sp = new ControlSetpoint { RollRad = Value(), PitchRad = Value(), YawRateRadS = Value(), Throttle = Value() };
            var state = new VehicleState { Roll = Value(), Pitch = Value(), Yaw = Value(), RollRate = Value(), PitchRate = Value(), YawRate = Value() };
            long dt = rng.Next(5) == 0 ? rng.Next(-10, 10) : rng.Next(100, 20_000);
            controller.Update(sp, state, dt, cmd);
            LtcController.FormInputs(sp, state, inputs);
            twin.Step(inputs, dt, outputs);
            LtcController.ToCommand(outputs, expected);
            Assert.Equal((expected.Roll, expected.Pitch, expected.Yaw), (cmd.Roll, cmd.Pitch, cmd.Yaw));
            clamped += Math.Abs(cmd.Roll) == One ? 1 : 0;
        }

        Assert.InRange(clamped, 1, 19_999);
    }
}
