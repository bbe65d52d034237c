// Compile-only mirror of nanoFramework System.Device.Pwm 1.1.x PwmChannel (System.Device.Pwm/PwmChannel.cs: the duty
// cycle is a double 0.0..1.0, resolved natively to 1/10000). Only the members LiquidFlight uses. Never deployed.
namespace System.Device.Pwm
{
    public sealed class PwmChannel : IDisposable
    {
        // Instances come from CreateFromPin only (the mirror declares no public constructor the firmware could use).
        private PwmChannel() { }

        public double DutyCycle
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) { throw new NotImplementedException(); }

        public void Start() { throw new NotImplementedException(); }

        public void Stop() { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
