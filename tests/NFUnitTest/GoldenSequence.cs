using LiquidFlight.Core.Ltc;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>
    /// One golden sequence as flat arrays (nanoFramework has neither generics nor multi-dimensional arrays):
    /// step k has time TimesUs[k], inputs Inputs[k*InputCount ..], expected outputs Outputs[k*MotorCount ..] and
    /// expected neuron states States[k*NeuronCount ..]. The network is reset at the start; dt of the first step is
    /// TimesUs[0] - StartUs.
    /// </summary>
    public sealed class GoldenSequence
    {
        public readonly string Name;
        public readonly LtcParameters Parameters;
        public readonly long StartUs;
        public readonly long[] TimesUs;
        public readonly int[] Inputs;
        public readonly int[] Outputs;
        public readonly int[] States;

        public GoldenSequence(string name, LtcParameters parameters, long startUs, long[] timesUs, int[] inputs, int[] outputs, int[] states)
        {
            Name = name;
            Parameters = parameters;
            StartUs = startUs;
            TimesUs = timesUs;
            Inputs = inputs;
            Outputs = outputs;
            States = states;
        }

        public int StepCount
        {
            get { return TimesUs.Length; }
        }
    }
}
