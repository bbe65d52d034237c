// Compile-only mirror of nanoFramework System.Device.Spi SpiMode (SpiMode.cs, members in CPOL/CPHA order).
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3
    }
}
