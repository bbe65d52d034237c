// Compile-only mirror of nanoFramework.TestFramework OutputHelper. Never deployed.
namespace nanoFramework.TestFramework
{
    public static class OutputHelper
    {
        public static void Write(string message) { throw new System.NotImplementedException(); }

        public static void WriteLine(string message) { throw new System.NotImplementedException(); }
    }
}
