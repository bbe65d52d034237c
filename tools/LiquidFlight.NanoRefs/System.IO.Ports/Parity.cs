// Compile-only mirror of nanoFramework System.IO.Ports. Values as in System.IO.Ports.Parity.
namespace System.IO.Ports
{
    public enum Parity
    {
        None = 0,
        Odd = 1,
        Even = 2,
        Mark = 3,
        Space = 4
    }
}
