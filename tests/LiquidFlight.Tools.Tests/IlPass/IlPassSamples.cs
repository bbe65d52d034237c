namespace LiquidFlight.Tools.Tests.IlPass;

/// <summary>
/// Methods whose compiled IL has what the interpreter IL pass rewrites: long constants within int range, locals in
/// disjoint blocks, a loop that carries locals across iterations, store-then-load pairs of every kind of local, a
/// conversion at the join of a conditional, and values stored and read once with other work in between. The tests run each one as compiled and as rewritten.
/// </summary>
public static class IlPassSamples
{
    public static long Constants(long x)
    {
        long a = x * 1000 + 32768;
        ulong b = (ulong)x & uint.MaxValue;
        long c = x < 0 ? int.MinValue : int.MaxValue;
        return (a >> 16) + (long)(b >> 3) + c - 7 * x;
    }

    public static long DisjointBlocks(long x, bool which)
    {
        long r;
        if (which)
        {
            long a = x * 3;
            long b = a + a;
            r = b * a + b;
        }
        else
        {
            long d = x * 5;
            long e = d - 11;
            r = e * d + e;
        }

        {
            long g = r * 7;
            r = g + x * g;
        }

        return r;
    }

    // A flag and a count live one after the other: an int32 slot can hold both (the bool's 0 or 1 unchanged), while a
    // long never shares with them.
    public static int FlagThenCount(int x, int y)
    {
        int total = x ^ y;
        bool big = x > y;
        bool odd = (x & 1) != 0;
        if (big && odd)
        {
            total += 3;
        }

        if (big || odd)
        {
            total -= x >> 2;
        }

        int k = (x * 7) - y;
        int m = k + (k >> 3);
        total += m * k;
        long wide = (long)total * x;
        total += (int)(wide >> 7) + m;
        return total;
    }

    public static long Loop(int n, long seed)
    {
        long carried = seed;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            long inner = carried * 31 + i;
            long other = inner ^ (inner >> 7);
            carried = other + total;
            if ((i & 1) == 0)
            {
                long even = carried - inner;
                total += even;
            }
            else
            {
                long odd = carried + other;
                total -= odd;
            }
        }

        return total + carried;
    }

    public static double StoresThatRound(double x)
    {
        // Each local is read twice after its store, so the compiler keeps it: stloc f; ldloc f; ... ldloc f.
        float f = (float)x * 1.1f;
        double sum = f * 3.0 + f;
        byte narrow = (byte)(int)(x * 1000);
        int wide = narrow * 7 + narrow;
        return sum + wide;
    }

    public static int Ints(int x, int y)
    {
        int a = x + y;
        int b = a;
        int c = b * a;
        if (c > 100)
        {
            int d = c - x;
            return d + d;
        }

        int e = c + y;
        return e * e;
    }

    public static long CarriedOnce(long x, long y)
    {
        // a is read once, after b's whole statement: it can wait on the stack under it. c is read once, as the second
        // operand of a commutative add after c2: it can wait under c2. b and d are read twice, e once but as the
        // subtrahend after another value (a sub does not commute), f across a branch: those stay in their locals.
        long a = x * 3 + y;
        long b = y - x;
        long c = a - b * b;
        long c2 = x ^ 0x55;
        long sum = c2 + c;
        long d = sum >> 3;
        long e = d * 7;
        long g = y + d;
        long h = g - e;
        long f = h + 1;
        if (x > y)
        {
            h += 5;
        }

        return h * f;
    }

    public static long Copies(long x, int n)
    {
        // next = current is a copy, and current is not read after it: the two share a slot, where the copy goes.
        long current = x;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            long next = current * 5 + i;
            total += next ^ total;
            current = next;
        }

        return total + current;
    }

    public static long ZeroStores(long x, int n)
    {
        // The three zeros before the loop go (the frame starts every local at zero); the one in the loop stays: the
        // loop's back edge brings a slot that holds x.
        long a = 0;
        bool seen = false;
        long r = 0;
        for (int i = 0; i < n; i++)
        {
            r += a + x;
            a = 0;
            if ((i & 1) == 0)
            {
                a = x;
                seen = true;
            }
        }

        return seen ? r : -r;
    }

    public static long Guarded(long x, int[] values)
    {
        // kept is read only in the handler: it is live throughout the try (an exception may come from any of it), so
        // it must not share a slot with first or second, which are stored there; first and second may share one.
        long kept = x * 3;
        long r = 0;
        try
        {
            long first = x + 1;
            r = first * values[0] + first;
            long second = r - 7;
            r = second * values[1] + second;
        }
        catch (IndexOutOfRangeException)
        {
            return kept + r;
        }

        return r;
    }
}
