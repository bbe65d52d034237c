namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>Receives each verified frame while <see cref="MavlinkParser.Feed"/> runs; read it from the parser
    /// (<see cref="MavlinkParser.MessageId"/>, <see cref="MavlinkParser.Payload"/>) before returning.</summary>
    public interface IMavlinkHandler
    {
        void OnMessage(MavlinkParser parser);
    }
}
