// Compile-only mirror of nanoFramework System.IO.Ports. Values as in System.IO.Ports.StopBits.
namespace System.IO.Ports
{
    public enum StopBits
    {
        None = 0,
        One = 1,
        Two = 2,
        OnePointFive = 3
    }
}
