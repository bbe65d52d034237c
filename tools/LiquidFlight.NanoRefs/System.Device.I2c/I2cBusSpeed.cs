// Compile-only mirror of nanoFramework System.Device.I2c. Values match the native enum (0, 1, 2).
namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        StandardMode,
        FastMode,
        FastModePlus
    }
}
