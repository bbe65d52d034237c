// Compile-only mirror of nanoFramework.Hardware.Esp32 HighResTimer (the static clock read LiquidFlight uses). Never deployed.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class HighResTimer
    {
        // No public constructor the firmware uses (the mirror holds only members the device code calls).
        private HighResTimer() { }

        /// <summary>Microseconds since boot (esp_timer).</summary>
        public static ulong GetCurrent() { throw new NotImplementedException(); }
    }
}
