// Compile-only mirror of nanoFramework.Hardware.Esp32 Configuration (SetPinFunction routes a GPIO through the matrix).
// Never deployed: bodies throw.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        // No public constructor the firmware uses (the mirror holds only members the device code calls).
        private Configuration() { }

        public static void SetPinFunction(int pin, DeviceFunction value) { throw new NotImplementedException(); }
    }
}
