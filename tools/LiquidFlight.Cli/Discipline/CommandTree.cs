using System.ComponentModel;
using System.Reflection;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;

namespace LiquidFlight.Cli.Discipline;

/// <summary>
/// The verbs as registered (names, aliases, branches, each command's settings type), recorded while
/// <see cref="CliApp.Build"/> configures Spectre, so <see cref="ArgumentCheck"/> can refuse what the app does not
/// understand before Spectre binds anything. Every verb registered through the configurator is in it: a new verb
/// needs nothing but its settings deriving from <see cref="CliSettings"/>.
/// </summary>
public sealed class CommandTree
{
    public sealed class Node(string name, Type? settings, string description)
    {
        public string Name { get; } = name;

        public List<string> Aliases { get; } = [];

        /// <summary>The command's settings type; null for a branch (a group of sub-commands).</summary>
        public Type? Settings { get; internal set; } = settings;

        public string Description { get; internal set; } = description;

        public List<Node> Children { get; } = [];

        public bool IsBranch => Settings == null;

        /// <summary>A branch with a default command runs it when given no sub-command.</summary>
        public Type? DefaultSettings { get; internal set; }

        public Node? Find(string token) =>
            Children.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token));
    }

    public Node Root { get; } = new("liquidflight", null, "");

    /// <summary>Wraps Spectre's configurator so every registration is also recorded here.</summary>
    public IConfigurator Record(IConfigurator inner) => new Configurator(inner, Root);

    internal static Type SettingsOf(Type command)
    {
        for (Type? t = command; t != null; t = t.BaseType)
        {
            if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Command<>) || t.GetGenericTypeDefinition() == typeof(AsyncCommand<>)))
            {
                return Require(t.GetGenericArguments()[0], command.Name);
            }
        }

        return Require(typeof(EmptyCommandSettings), command.Name);
    }

    private static Type Require(Type settings, string what)
    {
        // Fails at start-up (and in every CLI test) rather than letting a verb miss the common options and checks.
        if (!typeof(CliSettings).IsAssignableFrom(settings))
        {
            throw new InvalidOperationException($"{what}: its settings {settings.Name} must derive from {nameof(CliSettings)}");
        }

        return settings;
    }

    private static Node Add(Node parent, string name, Type? settings)
    {
        var node = new Node(name, settings, "");
        parent.Children.Add(node);
        return node;
    }

    private sealed class CommandConfigurator(ICommandConfigurator inner, Node node) : ICommandConfigurator
    {
        public ICommandConfigurator WithExample(params string[] args)
        {
            inner.WithExample(args);
            return this;
        }

        public ICommandConfigurator WithAlias(string name)
        {
            node.Aliases.Add(name);
            inner.WithAlias(name);
            return this;
        }

        public ICommandConfigurator WithDescription(string description)
        {
            node.Description = description;
            inner.WithDescription(description);
            return this;
        }

        public ICommandConfigurator WithData(object data)
        {
            inner.WithData(data);
            return this;
        }

        public ICommandConfigurator IsHidden()
        {
            inner.IsHidden();
            return this;
        }
    }

    private sealed class BranchConfigurator(IBranchConfigurator inner, Node node) : IBranchConfigurator
    {
        public IBranchConfigurator WithAlias(string name)
        {
            node.Aliases.Add(name);
            inner.WithAlias(name);
            return this;
        }
    }

    private sealed class Configurator(IConfigurator inner, Node node) : IConfigurator
    {
        public ICommandAppSettings Settings => inner.Settings;

        public IConfigurator SetHelpProvider(IHelpProvider helpProvider)
        {
            inner.SetHelpProvider(helpProvider);
            return this;
        }

        public IConfigurator SetHelpProvider<T>() where T : IHelpProvider
        {
            inner.SetHelpProvider<T>();
            return this;
        }

        public IConfigurator AddExample(params string[] args)
        {
            inner.AddExample(args);
            return this;
        }

        public ICommandConfigurator AddCommand<TCommand>(string name) where TCommand : class, ICommand =>
            new CommandConfigurator(inner.AddCommand<TCommand>(name), Add(node, name, SettingsOf(typeof(TCommand))));

        public ICommandConfigurator AddDelegate<TSettings>(string name, Func<CommandContext, TSettings, CancellationToken, int> func)
            where TSettings : CommandSettings =>
            new CommandConfigurator(inner.AddDelegate(name, func), Add(node, name, Require(typeof(TSettings), name)));

        public ICommandConfigurator AddAsyncDelegate<TSettings>(string name, Func<CommandContext, TSettings, CancellationToken, Task<int>> func)
            where TSettings : CommandSettings =>
            new CommandConfigurator(inner.AddAsyncDelegate(name, func), Add(node, name, Require(typeof(TSettings), name)));

        public IBranchConfigurator AddBranch<TSettings>(string name, Action<IConfigurator<TSettings>> action)
            where TSettings : CommandSettings
        {
            Node branch = Add(node, name, null);
            return new BranchConfigurator(inner.AddBranch<TSettings>(name, c => action(new Configurator<TSettings>(c, branch))), branch);
        }
    }

    private sealed class Configurator<TSettings>(IConfigurator<TSettings> inner, Node node) : IConfigurator<TSettings>
        where TSettings : CommandSettings
    {
        public void SetDescription(string description)
        {
            node.Description = description;
            inner.SetDescription(description);
        }

        public void AddExample(params string[] args) => inner.AddExample(args);

        public void SetDefaultCommand<TDefaultCommand>() where TDefaultCommand : class, ICommandLimiter<TSettings>
        {
            node.DefaultSettings = SettingsOf(typeof(TDefaultCommand));
            inner.SetDefaultCommand<TDefaultCommand>();
        }

        public void HideBranch() => inner.HideBranch();

        public ICommandConfigurator AddCommand<TCommand>(string name) where TCommand : class, ICommandLimiter<TSettings> =>
            new CommandConfigurator(inner.AddCommand<TCommand>(name), Add(node, name, SettingsOf(typeof(TCommand))));

        public ICommandConfigurator AddDelegate<TDerivedSettings>(string name, Func<CommandContext, TDerivedSettings, CancellationToken, int> func)
            where TDerivedSettings : TSettings =>
            new CommandConfigurator(inner.AddDelegate(name, func), Add(node, name, Require(typeof(TDerivedSettings), name)));

        public ICommandConfigurator AddAsyncDelegate<TDerivedSettings>(string name, Func<CommandContext, TDerivedSettings, CancellationToken, Task<int>> func)
            where TDerivedSettings : TSettings =>
            new CommandConfigurator(inner.AddAsyncDelegate(name, func), Add(node, name, Require(typeof(TDerivedSettings), name)));

        public IBranchConfigurator AddBranch<TDerivedSettings>(string name, Action<IConfigurator<TDerivedSettings>> action)
            where TDerivedSettings : TSettings
        {
            Node branch = Add(node, name, null);
            return new BranchConfigurator(inner.AddBranch<TDerivedSettings>(name, c => action(new Configurator<TDerivedSettings>(c, branch))), branch);
        }
    }
}

/// <summary>One option of a settings type, as <see cref="CommandOptionAttribute"/> declares it.</summary>
public sealed record OptionSpec(PropertyInfo Property, IReadOnlyList<string> LongNames, IReadOnlyList<string> ShortNames,
    string? ValueName, bool ValueIsOptional, string Description)
{
    public bool IsFlag => ValueName == null && Property.PropertyType == typeof(bool);

    /// <summary>Array-typed options may be given several times; every other option at most once.</summary>
    public bool Repeatable => Property.PropertyType.IsArray;

    public string Name => LongNames.Count > 0 ? "--" + LongNames[0] : "-" + ShortNames[0];

    public string Usage => ValueName == null ? Name : $"{Name} <{ValueName}>";

    public bool Matches(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) ? LongNames.Contains(token[2..]) : ShortNames.Contains(token[1..]);

    public static IReadOnlyList<OptionSpec> Of(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.Attribute != null)
            // Base-class options (--verbose) last, so a verb's own options lead its list.
            .OrderBy(x => x.Property.DeclaringType == typeof(CliSettings) ? 1 : 0)
            .Select(x => new OptionSpec(x.Property, x.Attribute!.LongNames.ToList(), x.Attribute.ShortNames.ToList(),
                x.Attribute.ValueName, x.Attribute.ValueIsOptional,
                x.Property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? ""))
            .ToList();
}
