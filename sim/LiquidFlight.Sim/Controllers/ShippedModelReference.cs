using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Sim.Controllers;

/// <summary>
/// The model the firmware flies, read back from Core's generated Q16.16 constants into real numbers, so the
/// double-precision reference flies exactly the parameters on the board (not a file that may have moved on).
/// </summary>
public static class ShippedModelReference
{
    public static LtcModel Create() => LtcModelConverter.FromParameters(ShippedModel.Create(), "shipped model (Core ShippedModel)");
}
