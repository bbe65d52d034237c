// Compile-only mirror of nanoFramework.Hardware.Esp32 (only the members LiquidFlight uses). Never deployed.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class HighResTimer : IDisposable
    {
        public HighResTimer() { throw new NotImplementedException(); }

        /// <summary>Microseconds since boot (esp_timer).</summary>
        public static ulong GetCurrent() { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
