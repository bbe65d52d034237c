// Compile-only mirror of nanoFramework System.IO.Ports StopBits (StopBits.cs: no None member).
namespace System.IO.Ports
{
    public enum StopBits
    {
        One = 1,
        Two = 2,
        OnePointFive = 3
    }
}
