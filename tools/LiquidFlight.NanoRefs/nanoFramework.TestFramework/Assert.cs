// Compile-only mirror of nanoFramework.TestFramework 3.x (the overloads LiquidFlight's on-device tests use).
// Never deployed: on a board the real TestFramework package runs the tests.
namespace nanoFramework.TestFramework
{
    public sealed class Assert
    {
        public static void AreEqual(int expected, int actual, string message = "") { throw new System.NotImplementedException(); }

        public static void AreEqual(long expected, long actual, string message = "") { throw new System.NotImplementedException(); }

        public static void AreEqual(string expected, string actual, string message = "") { throw new System.NotImplementedException(); }

        public static void IsTrue(bool condition, string message = "") { throw new System.NotImplementedException(); }

        public static void IsFalse(bool condition, string message = "") { throw new System.NotImplementedException(); }

        public static void Fail(string message = "") { throw new System.NotImplementedException(); }
    }
}
