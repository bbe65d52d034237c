using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Ltc
{
    /// <summary>
    /// What the LTC controller needs from a network: step it over a real interval, read its states, reset it.
    /// Two implementations compute the same bits: <see cref="LtcNetwork"/>, the generic solver that flies any
    /// model file from its parameter arrays, and the straight-line step that <c>liquidflight model export</c>
    /// generates for one model's exact wiring (ShippedModelStep, the one the firmware flies), whose parameters are
    /// literals and whose sums live in locals, so the interpreter pays no per-synapse array or field load.
    /// </summary>
    public abstract class LtcStep
    {
        public abstract int InputCount { get; }

        public abstract int NeuronCount { get; }

        public abstract int MotorCount { get; }

        /// <summary>The parameters the step computes (names included); changing them later has no effect.</summary>
        public abstract LtcParameters Parameters { get; }

        /// <summary>Every neuron back to its resting potential vleak.</summary>
        public abstract void Reset();

        /// <summary>State of neuron i, Q16.16 (rounded from the solver's 32-fraction-bit state). Out of range: 0.</summary>
        public abstract int GetState(int i);

        /// <summary>
        /// Advances the network by dtMicros with the given inputs (raw Q16.16, InputCount of them) and writes the
        /// MotorCount outputs. Returns true when the state was advanced; false when dt &lt;= 0 (state held) or the
        /// input array is missing or too short (state held). Outputs are written whenever the array is long enough.
        /// dt above <see cref="LtcNetwork.MaxStepMicros"/> is integrated as MaxStepMicros. Allocates nothing, never throws.
        /// </summary>
        public abstract bool Step(int[] inputsQ16, long dtMicros, int[] outputsQ16);

        /// <summary>Inputs of the argument form of <see cref="Step(long, long, long, long, long, long, long, int[])"/>.</summary>
        public const int ArgumentInputs = 6;

        private readonly int[] argumentInputs = new int[ArgumentInputs];

        /// <summary>
        /// <see cref="Step(int[], long, int[])"/> with six inputs passed as arguments (raw Q16.16, each within the
        /// int range), for <see cref="StepAttitude"/>: the generated step of a six-input model overrides it with its
        /// straight-line body, so the interpreter neither stores nor loads an input array. A network that is not
        /// six-input holds its state and returns false, as for a missing input array. This default copies the
        /// inputs into an array made with the step and calls the array form (allocates nothing, never throws).
        /// </summary>
        public virtual bool Step(long input0, long input1, long input2, long input3, long input4, long input5, long dtMicros, int[] outputsQ16)
        {
            if (InputCount != ArgumentInputs)
            {
                return Step(null, dtMicros, outputsQ16);
            }

            int[] x = argumentInputs;
            x[0] = (int)input0;
            x[1] = (int)input1;
            x[2] = (int)input2;
            x[3] = (int)input3;
            x[4] = (int)input4;
            x[5] = (int)input5;
            return Step(x, dtMicros, outputsQ16);
        }

        /// <summary>Outputs of the attitude form (<see cref="StepAttitude"/>): roll, pitch, yaw.</summary>
        public const int AttitudeOutputs = 3;
        private readonly int[] attitudeOutputs = new int[AttitudeOutputs];

        /// <summary>
        /// The attitude controller's whole step (<see cref="LtcController"/>'s layout): the six inputs formed from
        /// <paramref name="setpoint"/> and <paramref name="state"/> (the three errors saturated to an int, then the
        /// three rates), the argument form of Step over <paramref name="dtMicros"/>, and the three outputs clamped to
        /// [-1, 1] into <paramref name="command"/>; the same bits as LtcController.FormInputs, the array form of Step
        /// and LtcController.ToCommand. The generated step of a six-input, three-output model overrides it with its
        /// straight-line body, forming the inputs and clamping the outputs in place. Meant for a network of that
        /// shape (LtcController checks it); allocates nothing, never throws.
        /// </summary>
        public virtual void StepAttitude(ControlSetpoint setpoint, VehicleState state, long dtMicros, AxisCommand command)
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
            int[] y = attitudeOutputs;
            Step(roll, pitch, yaw, state.RollRate, state.PitchRate, yawRate, dtMicros, y);
            // (uint)(v + One) > 2 One exactly when v lies outside [-One, One].
            int v = y[0];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            command.Roll = v;
            v = y[1];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            command.Pitch = v;
            v = y[2];
            if ((uint)(v + Q16.One) > 2u * Q16.One) { v = v < 0 ? -Q16.One : Q16.One; }
            command.Yaw = v;
        }
    }
}
