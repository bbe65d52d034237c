namespace LiquidFlight.Core.Ltc
{
    /// <summary>
    /// Arithmetic done by one <see cref="LtcNetwork.Step"/> with dt &gt; 0, counted from the solver's code: the
    /// device-independent proxy for its cost on the nanoFramework interpreter (DESIGN.md section 4a).
    /// Multiplies include the one interpolation multiply inside each sigmoid look-up; shifts, adds and compares
    /// are not counted. Divisions are 64-bit.
    /// </summary>
    public sealed class LtcOperationCount
    {
        /// <summary>Sensory synapses once per step plus internal synapses once per unfold.</summary>
        public int SynapseEvaluations;
        public int SigmoidLookups;
        public int Multiplies;
        public int Divisions;

        public static LtcOperationCount Of(LtcParameters p)
        {
            int n = p.NeuronCount;
            int u = p.Unfolds;
            int sensory = p.SensorySynapseCount;
            int internalCount = p.SynapseCount;

            LtcOperationCount c = new LtcOperationCount();
            c.SynapseEvaluations = sensory + (internalCount * u);
            c.SigmoidLookups = c.SynapseEvaluations;

            // Per synapse evaluation: sigma * (v - mu), w * s, (w s) * erev, interpolation.
            int perSynapse = 4;

            // Per neuron per unfold: D * v (two halves of the 32-fraction-bit state) and q * den for the remainder.
            int perNeuronUnfold = 3;
            c.Multiplies = p.InputCount + (c.SynapseEvaluations * perSynapse) + n + (u * n * perNeuronUnfold) + p.MotorCount;

            // K = unfolds / dt once per step; quotient and remainder division per neuron per unfold: the worst case,
            // LtcNetwork divides once when |N| < 2^47 (the normal case).
            c.Divisions = 1 + (u * n * 2);
            return c;
        }
    }
}
