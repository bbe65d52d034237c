using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// The LTC stabiliser behind the controller interface. Each step forms the network's six inputs, in the order
    /// of the shipped model's input names:
    /// <code>
    ///   0 rollErrorRad      setpoint roll  - estimated roll   (rad)
    ///   1 pitchErrorRad     setpoint pitch - estimated pitch  (rad)
    ///   2 yawRateErrorRadS  setpoint yaw rate - filtered yaw rate (rad/s)
    ///   3 rollRateRadS      filtered roll rate  (rad/s)
    ///   4 pitchRateRadS     filtered pitch rate (rad/s)
    ///   5 yawRateRadS       filtered yaw rate   (rad/s)
    /// </code>
    /// all Q16.16 (the model's own input map scales them), steps the network over the real dt of the sample and
    /// reads its outputs roll, pitch, yaw, clamped to [-1, 1]. The network is the generic <see cref="LtcNetwork"/> or a
    /// generated straight-line step of one model (<see cref="LtcStep"/>): the same bits either way. A step with dt &lt;= 0 leaves the neuron states
    /// unchanged and repeats the current outputs. Errors are plain differences (not wrapped), exactly as the
    /// double-precision reference controller of the simulator forms them, so training and flight agree.
    /// </summary>
    public sealed class LtcController : IController
    {
        public const int InputCount = 6;
        public const int OutputCount = 3;

        /// <summary>The input names a model must carry (when it carries names) to be flown by this controller.</summary>
        public static readonly string[] InputNames = new string[]
        {
            "rollErrorRad", "pitchErrorRad", "yawRateErrorRadS", "rollRateRadS", "pitchRateRadS", "yawRateRadS",
        };

        public static readonly string[] OutputNames = new string[] { "roll", "pitch", "yaw" };

        private readonly LtcStep network;
        private readonly int[] outputs = new int[OutputCount];

        /// <summary>
        /// Wraps a network; refuses (at start-up, never in flight) a network whose input or output count or names
        /// do not match the layout above, naming what differs.
        /// </summary>
        public LtcController(LtcStep network)
        {
            if (network == null)
            {
                throw new System.ArgumentNullException("network");
            }

            if (network.InputCount != InputCount || network.MotorCount != OutputCount)
            {
                throw new System.ArgumentException("the attitude LTC needs " + InputCount + " inputs and " + OutputCount +
                                                   " outputs; the network has " + network.InputCount + " inputs and " +
                                                   network.MotorCount + " outputs");
            }

            CheckNames(network.Parameters == null ? null : network.Parameters.InputNames, InputNames, "input");
            CheckNames(network.Parameters == null ? null : network.Parameters.OutputNames, OutputNames, "output");
            this.network = network;
        }

        public string Name => "ltc";

        public LtcStep Network => network;

        public void Reset()
        {
            network.Reset();
        }

        /// <summary>
        /// <see cref="FormInputs"/>, the step and <see cref="ToCommand"/>, written out here (the same saturating
        /// subtractions and clamps) because the interpreter pays for each call; LtcControllerTests holds this to the
        /// composition of the three, bit for bit.
        /// </summary>
        public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
        {
            // Each saturation and clamp screened by one unsigned compare: a value in range costs one branch.
            // The inputs go to the step as arguments (its argument form), saturated to the int range here (x + 2^31
            // rather than x - int.MinValue: 2^31 loads as one ldc.i8, int.MinValue as a long as ldc.i4 + conv.i8).
            long roll = (long)setpoint.RollRad - state.Roll;
            if ((ulong)(roll + 2147483648L) > uint.MaxValue) { roll = roll < 0 ? int.MinValue : int.MaxValue; }
            long pitch = (long)setpoint.PitchRad - state.Pitch;
            if ((ulong)(pitch + 2147483648L) > uint.MaxValue) { pitch = pitch < 0 ? int.MinValue : int.MaxValue; }
            int yawRate = state.YawRate;
            long yaw = (long)setpoint.YawRateRadS - yawRate;
            if ((ulong)(yaw + 2147483648L) > uint.MaxValue) { yaw = yaw < 0 ? int.MinValue : int.MaxValue; }
            int[] y = outputs;
            network.Step(roll, pitch, yaw, state.RollRate, state.PitchRate, yawRate, dtUs, y);
            // (uint)(v + One) > 2 One exactly when v lies outside [-One, One].
            int v = y[0];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            output.Roll = v;
            v = y[1];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            output.Pitch = v;
            v = y[2];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            output.Yaw = v;
        }

        /// <summary>
        /// The network's input vector (Q16.16, order in the class summary): the one definition of the input map,
        /// also used by the simulator's double-precision twin and by training, so all three see the same inputs.
        /// </summary>
        public static void FormInputs(ControlSetpoint setpoint, VehicleState state, int[] inputs)
        {
            inputs[0] = Q16.Sub(setpoint.RollRad, state.Roll);
            inputs[1] = Q16.Sub(setpoint.PitchRad, state.Pitch);
            inputs[2] = Q16.Sub(setpoint.YawRateRadS, state.YawRate);
            inputs[3] = state.RollRate;
            inputs[4] = state.PitchRate;
            inputs[5] = state.YawRate;
        }

        /// <summary>The network's outputs (roll, pitch, yaw; Q16.16) as axis commands, each clamped to [-1, 1].</summary>
        public static void ToCommand(int[] outputs, AxisCommand command)
        {
            command.Roll = Q16.Clamp(outputs[0], -Q16.One, Q16.One);
            command.Pitch = Q16.Clamp(outputs[1], -Q16.One, Q16.One);
            command.Yaw = Q16.Clamp(outputs[2], -Q16.One, Q16.One);
        }

        private static void CheckNames(string[] actual, string[] expected, string kind)
        {
            if (actual == null)
            {
                return;
            }

            for (int i = 0; i < expected.Length && i < actual.Length; i++)
            {
                if (actual[i] != expected[i])
                {
                    throw new System.ArgumentException("LTC " + kind + " " + i + " is named \"" + actual[i] +
                                                       "\"; the attitude controller feeds \"" + expected[i] + "\" there");
                }
            }
        }
    }
}
