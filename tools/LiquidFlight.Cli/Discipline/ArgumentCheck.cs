using System.Globalization;
using System.Reflection;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli.Discipline;

/// <summary>
/// Checks a command line against the recorded <see cref="CommandTree"/> before Spectre binds it, and refuses
/// (with a one-line <see cref="UsageException"/> naming the option and what is allowed):
/// an unknown or missing command or sub-command, an unknown option, an option given twice (unless array-typed),
/// an option without its value, an empty or blank value, a value on a switch, a value that is not of the
/// option's type (integers in range, finite numbers), and stray positional arguments. Help (-h, --help) is
/// left to Spectre once the command path is known.
/// </summary>
public static class ArgumentCheck
{
    private static readonly string[] HelpTokens = ["-h", "--help", "-?"];

    public static bool IsHelp(IReadOnlyList<string> args) => args.Any(a => HelpTokens.Contains(a));

    public static void Check(CommandTree tree, IReadOnlyList<string> args)
    {
        bool help = IsHelp(args);
        CommandTree.Node node = tree.Root;
        var path = new List<string>();
        int i = 0;
        Type? settings = null;
        while (settings == null)
        {
            if (!node.IsBranch)
            {
                settings = node.Settings;
                break;
            }

            if (i == args.Count || LooksLikeOption(args[i]))
            {
                if (node.DefaultSettings != null)
                {
                    settings = node.DefaultSettings;
                    break;
                }

                if (help)
                {
                    return;
                }

                string what = path.Count == 0 ? "a command" : "a sub-command";
                throw new UsageException($"{Display(path)} needs {what}; allowed: {Names(node)} (see `{Display(path)} --help`)");
            }

            CommandTree.Node? child = node.Find(args[i]);
            if (child == null)
            {
                string kind = path.Count == 0 ? "unknown command" : $"{string.Join(" ", path)}: unknown sub-command";
                throw new UsageException($"{kind} '{args[i]}'{Suggest(args[i], node.Children.Select(c => c.Name))}; allowed: {Names(node)}");
            }

            path.Add(child.Name);
            node = child;
            i++;
        }

        if (help)
        {
            return;
        }

        string command = string.Join(" ", path);
        Type verb = settings!;
        IReadOnlyList<OptionSpec> options = OptionSpec.Of(verb);
        int positionalAllowed = verb.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Count(p => p.GetCustomAttribute<CommandArgumentAttribute>() != null);
        int positional = 0;
        var seen = new HashSet<OptionSpec>();
        while (i < args.Count)
        {
            string token = args[i++];
            if (token == "--")
            {
                throw new UsageException($"{command}: unexpected '--'; `{Display(path)}` takes only its options: {OptionList(options)}");
            }

            if (!LooksLikeOption(token))
            {
                if (positional++ < positionalAllowed)
                {
                    continue;
                }

                throw new UsageException($"{command}: unexpected argument '{token}'; allowed: the options {OptionList(options)}");
            }

            int eq = token.IndexOf('=');
            string name = eq > 0 ? token[..eq] : token;
            string? inline = eq > 0 ? token[(eq + 1)..] : null;
            OptionSpec? spec = options.FirstOrDefault(o => o.Matches(name));
            if (spec == null)
            {
                var all = options.SelectMany(o => o.LongNames.Select(n => "--" + n));
                throw new UsageException($"{command}: unknown option {name}{Suggest(name, all)}; allowed: {OptionList(options)}");
            }

            if (!spec.Repeatable && !seen.Add(spec))
            {
                throw new UsageException($"{command}: {spec.Name} is given more than once; allowed: once");
            }

            if (spec.ValueName == null)
            {
                if (inline != null)
                {
                    throw new UsageException($"{command}: {spec.Name} is a switch and takes no value (got '{inline}'); give {spec.Name} alone");
                }

                continue;
            }

            string? value = inline ?? (i < args.Count && !LooksLikeOption(args[i]) ? args[i++] : null);
            if (value == null)
            {
                if (spec.ValueIsOptional)
                {
                    continue;
                }

                throw new UsageException($"{command}: {spec.Name} needs a value <{spec.ValueName}>; {Allowed(spec)}");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException($"{command}: {spec.Name} is given an empty value; {Allowed(spec)}");
            }

            string? problem = TypeProblem(spec.Property.PropertyType, value);
            if (problem != null)
            {
                throw new UsageException($"{command}: {spec.Name} {value}: {problem}; {Allowed(spec)}");
            }
        }
    }

    /// <summary>An option token: starts with '-' and is not a negative number (which is a value).</summary>
    public static bool LooksLikeOption(string token) =>
        token == "--" || (token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    /// <summary>Why <paramref name="value"/> cannot be converted to the option's type, or null.</summary>
    public static string? TypeProblem(Type type, string value)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (t == typeof(int) || t == typeof(long))
        {
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            {
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "not a whole number" : "not an integer";
            }

            if (t == typeof(int) && (v < int.MinValue || v > int.MaxValue))
            {
                return $"out of the integer range {int.MinValue} to {int.MaxValue}";
            }

            return null;
        }

        if (t == typeof(double) || t == typeof(float))
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                ? null
                : "not a finite number";
        }

        if (t.IsEnum)
        {
            return Enum.GetNames(t).Any(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"not one of {string.Join(", ", Enum.GetNames(t))}";
        }

        return null;
    }

    private static string Allowed(OptionSpec spec) =>
        spec.Description.Length == 0 ? $"allowed: {spec.Usage}" : $"{spec.Usage}: {spec.Description.TrimEnd('.')}";

    private static string OptionList(IReadOnlyList<OptionSpec> options) => string.Join(", ", options.Select(o => o.Name));

    private static string Names(CommandTree.Node node) => string.Join(", ", node.Children.Select(c => c.Name));

    private static string Display(List<string> path) => path.Count == 0 ? "liquidflight" : "liquidflight " + string.Join(" ", path);

    /// <summary>" (did you mean X?)" for the closest name within two edits (a third of the name's length at most).</summary>
    private static string Suggest(string given, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string n in names)
        {
            int d = Distance(given, n);
            if (d < bestDistance)
            {
                (best, bestDistance) = (n, d);
            }
        }

        return best != null && bestDistance <= Math.Min(2, Math.Max(1, given.Length / 3)) ? $" (did you mean {best}?)" : "";
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
