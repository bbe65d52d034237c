using LiquidFlight.Core.Scheduler;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Timing
{
    /// <summary>
    /// Core's microsecond clock on the ESP32: esp_timer through HighResTimer.GetCurrent(), microseconds since boot.
    /// A ulong that would need 292,000 years to leave the long range, so the cast is exact.
    /// </summary>
    public sealed class HighResClock : IMicrosClock
    {
        public long NowUs()
        {
            return (long)HighResTimer.GetCurrent();
        }

        /// <summary>Busy-waits <paramref name="us"/> µs; Thread.Sleep would round to the 10 ms FreeRTOS tick.</summary>
        public void SpinFor(long us)
        {
            long end = NowUs() + us;
            while (NowUs() < end)
            {
            }
        }
    }
}
