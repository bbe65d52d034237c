using LiquidFlight.Core.Control;

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
        /// The attitude controller's whole step (<see cref="LtcController"/>'s layout): <see cref="LtcController.FormInputs"/>
        /// from <paramref name="setpoint"/> and <paramref name="state"/>, the array form of Step over
        /// <paramref name="dtMicros"/>, and <see cref="LtcController.ToCommand"/> into <paramref name="command"/>. The
        /// generated step of a six-input, three-output model overrides it with its straight-line body, forming the
        /// inputs and clamping the outputs in place (the same bits). Meant for a network of that shape (LtcController
        /// checks it); allocates nothing, never throws.
        /// </summary>
        public virtual void StepAttitude(ControlSetpoint setpoint, VehicleState state, long dtMicros, AxisCommand command)
        {
            int[] x = argumentInputs;
            LtcController.FormInputs(setpoint, state, x);
            Step(x, dtMicros, attitudeOutputs);
            LtcController.ToCommand(attitudeOutputs, command);
        }
    }
}
