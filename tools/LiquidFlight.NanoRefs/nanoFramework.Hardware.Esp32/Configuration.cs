// Compile-only mirror of nanoFramework.Hardware.Esp32. Never deployed: bodies throw.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { throw new NotImplementedException(); }

        public static int GetFunctionPin(DeviceFunction function) { throw new NotImplementedException(); }
    }
}
