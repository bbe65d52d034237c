namespace LiquidFlight.Core.Ltc
{
    /// <summary>
    /// Role of a neuron in the Neural Circuit Policy wiring. Neurons are numbered as in ncps: motor neurons first
    /// (so motor neuron k is neuron k and drives output k), then command, then inter neurons.
    /// Plain int codes rather than an enum so role arrays are cheap to generate as literals.
    /// </summary>
    public static class NeuronRole
    {
        public const int Motor = 0;
        public const int Command = 1;
        public const int Inter = 2;

        public static string Name(int role)
        {
            if (role == Motor)
            {
                return "motor";
            }

            if (role == Command)
            {
                return "command";
            }

            return role == Inter ? "inter" : "unknown";
        }
    }
}
