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
        /// <see cref="FormInputs"/>, the step and <see cref="ToCommand"/> in one call of the network
        /// (<see cref="LtcStep.StepAttitude"/>: the generated step writes all three out, LtcNetwork takes the base
        /// class's composition); LtcControllerTests holds it to the composition of the three, bit for bit. FlightLoop
        /// calls the network's StepAttitude itself (one call fewer per cycle), so this must stay that call alone.
        /// </summary>
        public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
        {
            network.StepAttitude(setpoint, state, dtUs, output);
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
