// Compile-only mirror of nanoFramework System.Device.Spi 1.3.x SpiConnectionSettings (the members LiquidFlight sets;
// the real Configuration defaults to FullDuplex, which TransferFullDuplex requires). Never deployed.
namespace System.Device.Spi
{
    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine) { throw new NotImplementedException(); }

        public SpiMode Mode
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public int DataBitLength
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public int ClockFrequency
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }
    }
}
