namespace LiquidFlight.Core.Ltc
{
    /// <summary>
    /// Everything that defines one LTC network, as raw integers (Q16.16, except cm in Q8.24): wiring, neuron and synapse parameters,
    /// input and output affine maps and the number of solver unfolds. The firmware gets an instance from the
    /// generated ShippedModel.Create(); desktop code converts a model file into one.
    /// Synapses are stored sparse, as parallel arrays with one entry per wired synapse.
    /// The limits below are what <see cref="LtcNetwork"/> needs for its 64-bit intermediates never to overflow
    /// (worst case dt = 1 µs with 6 unfolds); <see cref="Validate"/> enforces them.
    /// </summary>
    public sealed class LtcParameters
    {
        /// <summary>Fewer than 20 neurons: the network stays small enough to read and to run on the board.</summary>
        public const int MaxNeurons = 19;
        public const int MaxInputs = 32;
        public const int MinUnfolds = 1;
        public const int MaxUnfolds = 6;

        /// <summary>
        /// Solver order "jacobi" (as ncps): within an unfold every neuron reads the states of the previous unfold,
        /// so a signal crosses one synapse layer per unfold.
        /// </summary>
        public const int SolverJacobi = 0;

        /// <summary>
        /// Solver order "layered": within an unfold the neurons update layer by layer in NCP signal order, inter,
        /// then command, then motor; a synapse reads its source's state of this unfold when the source's layer has
        /// already updated and of the previous unfold otherwise (the command layer's recurrent synapses, any
        /// backward synapse). A fresh input then reaches the motor neurons within one unfold.
        /// </summary>
        public const int SolverLayered = 1;

        /// <summary>Update stages per unfold: 1 for Jacobi; 3 (inter, command, motor) for layered.</summary>
        public static int StageCount(int solver)
        {
            return solver == SolverLayered ? NeuronRole.Inter + 1 : 1;
        }

        /// <summary>Stage of a neuron with the given <see cref="NeuronRole"/>: layered inter 0, command 1, motor 2; Jacobi 0.</summary>
        public static int Stage(int solver, int role)
        {
            return solver == SolverLayered ? NeuronRole.Inter - role : 0;
        }

        /// <summary>Largest number of synapses (sensory + internal) converging on one neuron.</summary>
        public const int MaxFanIn = 64;

        /// <summary>
        /// |vleak|, |erev|, |mu| at most 256.0: potential differences stay below 2^25 raw Q16.16, 2^33 in the Q24
        /// the solver's synapses read states in, and below 2^59 times |sigma| (at most 2^26 raw).
        /// </summary>
        public const int PotentialLimitRaw = 256 << 16;

        /// <summary>w and gleak in [0, 1024.0]; |sigma| at most 1024.0.</summary>
        public const int ConductanceLimitRaw = 1024 << 16;

        /// <summary>
        /// Fraction bits of <see cref="Cm"/> (Q8.24, 1.0 = 2^24): a trained neuron's cm of 0.0005 s is 8,389 raw
        /// (relative step 1.2e-4) where Q16.16 had 33 (3 %).
        /// </summary>
        public const int CapacitanceFractionBits = 24;

        /// <summary>
        /// cm in [0, 64.0] s (2^30 raw): the solver's cm * K, K = unfolds * 1e6 * 2^10 / dt_us at most
        /// 6 * 1e6 * 2^10 &lt; 2^32.6 (6 unfolds, dt = 1 µs), stays below 2^62.6; cm_t = cm * K >> 18 below 2^44.6.
        /// </summary>
        public const int CapacitanceLimitRaw = 1 << 30;

        public int InputCount;
        public int NeuronCount;
        public int MotorCount;
        public int Unfolds;

        /// <summary><see cref="SolverJacobi"/> (0, the default) or <see cref="SolverLayered"/>.</summary>
        public int Solver;

        /// <summary>Per neuron: capacitance (s * conductance units, Q8.24: see <see cref="CapacitanceFractionBits"/>), leak conductance, resting potential.</summary>
        public int[] Cm;
        public int[] Gleak;
        public int[] Vleak;

        /// <summary>Per neuron: <see cref="NeuronRole"/> code.</summary>
        public int[] Role;

        /// <summary>Sensory synapses: from mapped input SensorySource[k] to neuron SensoryTarget[k].</summary>
        public int[] SensorySource;
        public int[] SensoryTarget;
        public int[] SensoryW;
        public int[] SensorySigma;
        public int[] SensoryMu;
        public int[] SensoryErev;

        /// <summary>Internal synapses: from neuron SynapseSource[k] to neuron SynapseTarget[k].</summary>
        public int[] SynapseSource;
        public int[] SynapseTarget;
        public int[] SynapseW;
        public int[] SynapseSigma;
        public int[] SynapseMu;
        public int[] SynapseErev;

        /// <summary>Per input: mapped = input * InputScale + InputOffset (Q16.16, saturating).</summary>
        public int[] InputScale;
        public int[] InputOffset;

        /// <summary>Per motor neuron k: output k = state * OutputScale + OutputOffset (Q16.16, saturating).</summary>
        public int[] OutputScale;
        public int[] OutputOffset;

        /// <summary>Optional names for logs and tools; null or one per input/output.</summary>
        public string[] InputNames;
        public string[] OutputNames;

        public int SensorySynapseCount
        {
            get { return SensorySource == null ? 0 : SensorySource.Length; }
        }

        public int SynapseCount
        {
            get { return SynapseSource == null ? 0 : SynapseSource.Length; }
        }

        /// <summary>
        /// Checks shapes, indices and ranges. Returns null when the parameters are usable, otherwise a message
        /// naming the field, the index and what is allowed. Never throws (it may allocate: call it at start-up).
        /// </summary>
        public string Validate()
        {
            if (InputCount < 1 || InputCount > MaxInputs)
            {
                return "InputCount " + InputCount.ToString() + " outside 1.." + MaxInputs.ToString();
            }

            if (NeuronCount < 1 || NeuronCount > MaxNeurons)
            {
                return "NeuronCount " + NeuronCount.ToString() + " outside 1.." + MaxNeurons.ToString() + " (fewer than 20 neurons)";
            }

            if (MotorCount < 1 || MotorCount > NeuronCount)
            {
                return "MotorCount " + MotorCount.ToString() + " outside 1..NeuronCount";
            }

            if (Unfolds < MinUnfolds || Unfolds > MaxUnfolds)
            {
                return "Unfolds " + Unfolds.ToString() + " outside 1..6";
            }

            if (Solver != SolverJacobi && Solver != SolverLayered)
            {
                return "Solver " + Solver.ToString() + " is neither 0 (jacobi) nor 1 (layered)";
            }

            string e = CheckArray(Cm, "Cm", NeuronCount, 0, CapacitanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(Gleak, "Gleak", NeuronCount, 0, ConductanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(Vleak, "Vleak", NeuronCount, -PotentialLimitRaw, PotentialLimitRaw);
            if (e != null) return e;
            e = CheckArray(Role, "Role", NeuronCount, NeuronRole.Motor, NeuronRole.Inter);
            if (e != null) return e;
            for (int i = 0; i < MotorCount; i++)
            {
                if (Role[i] != NeuronRole.Motor)
                {
                    return "Role[" + i.ToString() + "] must be motor: neurons 0..MotorCount-1 are the motor neurons";
                }
            }

            int sensory = SensorySource == null ? -1 : SensorySource.Length;
            if (sensory < 0)
            {
                return "SensorySource missing";
            }

            e = CheckArray(SensorySource, "SensorySource", sensory, 0, InputCount - 1);
            if (e != null) return e;
            e = CheckArray(SensoryTarget, "SensoryTarget", sensory, 0, NeuronCount - 1);
            if (e != null) return e;
            e = CheckArray(SensoryW, "SensoryW", sensory, 0, ConductanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(SensorySigma, "SensorySigma", sensory, -ConductanceLimitRaw, ConductanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(SensoryMu, "SensoryMu", sensory, -PotentialLimitRaw, PotentialLimitRaw);
            if (e != null) return e;
            e = CheckArray(SensoryErev, "SensoryErev", sensory, -PotentialLimitRaw, PotentialLimitRaw);
            if (e != null) return e;

            int internalCount = SynapseSource == null ? -1 : SynapseSource.Length;
            if (internalCount < 0)
            {
                return "SynapseSource missing";
            }

            e = CheckArray(SynapseSource, "SynapseSource", internalCount, 0, NeuronCount - 1);
            if (e != null) return e;
            e = CheckArray(SynapseTarget, "SynapseTarget", internalCount, 0, NeuronCount - 1);
            if (e != null) return e;
            e = CheckArray(SynapseW, "SynapseW", internalCount, 0, ConductanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(SynapseSigma, "SynapseSigma", internalCount, -ConductanceLimitRaw, ConductanceLimitRaw);
            if (e != null) return e;
            e = CheckArray(SynapseMu, "SynapseMu", internalCount, -PotentialLimitRaw, PotentialLimitRaw);
            if (e != null) return e;
            e = CheckArray(SynapseErev, "SynapseErev", internalCount, -PotentialLimitRaw, PotentialLimitRaw);
            if (e != null) return e;

            int[] fanIn = new int[NeuronCount];
            for (int k = 0; k < sensory; k++)
            {
                fanIn[SensoryTarget[k]]++;
            }

            for (int k = 0; k < internalCount; k++)
            {
                fanIn[SynapseTarget[k]]++;
            }

            for (int i = 0; i < NeuronCount; i++)
            {
                if (fanIn[i] > MaxFanIn)
                {
                    return "neuron " + i.ToString() + " has " + fanIn[i].ToString() + " incoming synapses, at most " + MaxFanIn.ToString();
                }
            }

            e = CheckArray(InputScale, "InputScale", InputCount, int.MinValue, int.MaxValue);
            if (e != null) return e;
            e = CheckArray(InputOffset, "InputOffset", InputCount, int.MinValue, int.MaxValue);
            if (e != null) return e;
            e = CheckArray(OutputScale, "OutputScale", MotorCount, int.MinValue, int.MaxValue);
            if (e != null) return e;
            e = CheckArray(OutputOffset, "OutputOffset", MotorCount, int.MinValue, int.MaxValue);
            if (e != null) return e;

            if (InputNames != null && InputNames.Length != InputCount)
            {
                return "InputNames has " + InputNames.Length.ToString() + " entries, expected InputCount = " + InputCount.ToString();
            }

            if (OutputNames != null && OutputNames.Length != MotorCount)
            {
                return "OutputNames has " + OutputNames.Length.ToString() + " entries, expected MotorCount = " + MotorCount.ToString();
            }

            return null;
        }

        private static string CheckArray(int[] values, string name, int expectedLength, int low, int high)
        {
            if (values == null)
            {
                return name + " missing";
            }

            if (values.Length != expectedLength)
            {
                return name + " has " + values.Length.ToString() + " entries, expected " + expectedLength.ToString();
            }

            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] < low || values[i] > high)
                {
                    return name + "[" + i.ToString() + "] = " + values[i].ToString() + " raw, allowed " + low.ToString() + ".." + high.ToString() + " raw";
                }
            }

            return null;
        }
    }
}
