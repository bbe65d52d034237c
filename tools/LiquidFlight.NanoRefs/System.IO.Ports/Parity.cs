// Compile-only mirror of nanoFramework System.IO.Ports Parity (Parity.cs: None, Odd, Even only).
namespace System.IO.Ports
{
    public enum Parity
    {
        None = 0,
        Odd = 1,
        Even = 2
    }
}
