namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>
    /// The receiver's LINK_STATISTICS frame (type 0x14, 10-byte payload), as sent by ExpressLRS and Crossfire
    /// receivers. RSSI values are in dBm (negative); link quality in percent; SNR in dB.
    /// </summary>
    public sealed class CrsfLinkStatistics
    {
        public const int PayloadLength = 10;

        public int UplinkRssiAntenna1Dbm;
        public int UplinkRssiAntenna2Dbm;
        public int UplinkLinkQuality;
        public int UplinkSnrDb;
        public int ActiveAntenna;
        public int RfMode;
        public int UplinkTxPowerIndex;
        public int DownlinkRssiDbm;
        public int DownlinkLinkQuality;
        public int DownlinkSnrDb;
        public long ReceivedUs;
        public bool Valid;

        /// <summary>Fills the fields from the payload at <paramref name="offset"/>.</summary>
        public void Decode(byte[] frame, int offset, long nowUs)
        {
            // RSSI bytes carry the magnitude of a negative dBm figure; SNR bytes are signed.
            UplinkRssiAntenna1Dbm = -frame[offset];
            UplinkRssiAntenna2Dbm = -frame[offset + 1];
            UplinkLinkQuality = frame[offset + 2];
            UplinkSnrDb = (sbyte)frame[offset + 3];
            ActiveAntenna = frame[offset + 4];
            RfMode = frame[offset + 5];
            UplinkTxPowerIndex = frame[offset + 6];
            DownlinkRssiDbm = -frame[offset + 7];
            DownlinkLinkQuality = frame[offset + 8];
            DownlinkSnrDb = (sbyte)frame[offset + 9];
            ReceivedUs = nowUs;
            Valid = true;
        }
    }
}
