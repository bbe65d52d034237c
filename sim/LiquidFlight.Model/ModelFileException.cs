namespace LiquidFlight.Model;

/// <summary>A model file that cannot be used: the message names the file, the field, the value and what is allowed.</summary>
public sealed class ModelFileException(string message) : Exception(message);
