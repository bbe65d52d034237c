namespace LiquidFlight.Tools.Tests.IlPass;

/// <summary>The pass inlines calls of methods marked with an attribute of this name (it matches the simple name).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class InterpreterInlineAttribute : Attribute
{
}

/// <summary>
/// Marked methods with what inlining must keep: several returns, a loop, private fields (the inlined code runs in
/// another type), a void method without arguments, a parameter written, and a marked method that calls a marked one.
/// </summary>
public sealed class InlineCounter
{
    private int total;
    private readonly int[] history = new int[4];

    [InterpreterInline]
    public int Add(int x, int scale)
    {
        if (x == 0)
        {
            return total;
        }

        int k = 0;
        for (int i = 0; i < (x & 3); i++)
        {
            k += scale * i;
        }

        total += k + x;
        history[x & 3] = total;
        return total > 1000 ? total - 1000 : total;
    }

    [InterpreterInline]
    public void Reset()
    {
        total = history[1];
    }

    [InterpreterInline]
    public static long Mix(long a, int b) => Twice(a) + b;

    [InterpreterInline]
    public static long Twice(long a)
    {
        long r = a + a;
        return r > 1L << 40 ? r >> 3 : r;
    }

    // Writes its parameter: that argument is stored even where one load pushed it.
    [InterpreterInline]
    public static int Clip(int v, int limit)
    {
        if (v > limit)
        {
            v = limit;
        }

        return v * 2 + limit;
    }

    public int Total => total;
}

/// <summary>A struct reached by reference, as Core's ImuSample is.</summary>
public struct Reading
{
    public int A;
    public long B;
}

/// <summary>A marked method with a by-reference parameter it reads and writes through.</summary>
public sealed class ReadingFilter
{
    private long memory;

    [InterpreterInline]
    public long Take(ref Reading r, int gain)
    {
        if (r.A < 0)
        {
            r.A = -r.A;
        }

        memory += (r.A * (long)gain - memory) >> 2;
        r.B = memory;
        return memory + r.A;
    }

    // Writes the parameter after the by-reference one: that argument is stored, the reference still loaded again.
    [InterpreterInline]
    public static long Scaled(ref Reading r, int limit)
    {
        if (limit > 9)
        {
            limit = 9;
        }

        return r.A * (long)limit + r.B;
    }
}

/// <summary>
/// Callers of the by-reference method: through the caller's own by-reference argument and through a field of a
/// local object (both inlined: the address is loaded again at each use), and through a local struct's address and an
/// array element's (left as calls: a by-reference local would be needed).
/// </summary>
public sealed class ReadingHolder
{
    public Reading Held;
    public readonly Reading[] Many = new Reading[2];

    public static long ThroughArgument(ReadingFilter f, ref Reading r, int gain) =>
        f.Take(ref r, gain) + f.Take(ref r, 3) + ReadingFilter.Scaled(ref r, gain);

    public static long ThroughField(ReadingHolder h, ReadingFilter f, int a, int gain)
    {
        h.Held.A = a;
        long x = f.Take(ref h.Held, gain);
        return x + h.Held.B + h.Held.A;
    }

    public static long ThroughLocalAndElement(ReadingFilter f, int a, int gain)
    {
        var local = new Reading { A = a };
        var h = new ReadingHolder();
        h.Many[1].A = -a;
        return f.Take(ref local, gain) + local.B + f.Take(ref h.Many[1], gain) + h.Many[1].A;
    }
}

/// <summary>Callers of the marked methods, and methods the pass must refuse to inline if they were marked.</summary>
public static class InlineSamples
{
    public static long Caller(int x, long y, bool which)
    {
        var c = new InlineCounter();
        long sum = 0;
        for (int i = 0; i < 5; i++)
        {
            // An argument computed, then one loaded; a call whose argument is a conditional (the call is a join).
            sum += c.Add(x + i, i);
            sum += InlineCounter.Mix(y, which ? x : i);
        }

        if (which)
        {
            c.Reset();
        }

        // Every argument one load of its own: none is stored.
        sum += c.Add(x, 3);
        sum += InlineCounter.Clip(x, 100);
        return sum + c.Total + (which ? c.Add(0, x) : InlineCounter.Twice(y));
    }

    public static void ByReference(ref int x) => x++;

    public static int Reassigned(ref int x, ref int y)
    {
        x = ref y;
        return x;
    }

    public static int Guarded(int[] values)
    {
        try
        {
            return values[0];
        }
        catch (IndexOutOfRangeException)
        {
            return -1;
        }
    }

    public static int AddressTaken(int x)
    {
        int y = x;
        ByReference(ref y);
        return y;
    }
}
