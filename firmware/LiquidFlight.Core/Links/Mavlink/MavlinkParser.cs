namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// Streaming MAVLink v2 parser. Fed whatever chunk the link returned (any size, frames split anywhere, noise
    /// between them), it finds frames <c>0xFD, len, incompat_flags, compat_flags, seq, sysid, compid, msgid[3],
    /// payload[len], crc16</c> (+ 13 signature bytes when incompat bit 0 is set), checks CRC-16/MCRF4XX with the
    /// message's CRC_EXTRA, restores v2 trailing-zero truncation (the payload is zero-filled to the message's full
    /// length) and hands each good frame to the handler. Allocation-free, never throws.
    /// <para>
    /// Dropped and counted: bad CRC, unknown message id (its CRC cannot be checked without CRC_EXTRA), signed frames
    /// (no key to verify them), unknown incompatibility flags, and MAVLink v1 frames (0xFE) whose CRC checks.
    /// When a candidate fails only its first byte is dropped and the window is searched again for a start marker,
    /// so a real frame that began inside a false start is still found.
    /// </para>
    /// </summary>
    public sealed class MavlinkParser
    {
        public const byte StartV2 = 0xFD;
        public const byte StartV1 = 0xFE;
        public const int HeaderV2 = 10;
        public const int HeaderV1 = 6;
        public const int SignatureBytes = 13;

        /// <summary>Largest v2 frame: header 10 + payload 255 + crc 2 + signature 13.</summary>
        public const int MaxFrameBytes = 280;

        /// <summary>The latest good frame's payload, zero-filled to 255 bytes beyond its received length.</summary>
        public readonly byte[] Payload = new byte[255];

        public int MessageId;
        public int SystemId;
        public int ComponentId;
        public int Sequence;

        /// <summary>Payload length as received (before zero-filling).</summary>
        public int PayloadLength;

        public long GoodFrames;
        public long CrcErrors;
        public long UnknownMessages;
        public long SignedFrames;
        public long V1Frames;

        /// <summary>Frames with incompatibility flags other than "signed" (cannot be parsed safely).</summary>
        public long IncompatibleFrames;

        /// <summary>Bytes discarded outside good frames.</summary>
        public long DroppedBytes;

        /// <summary>Float fields that were NaN or infinite when a decoder asked for them (see <see cref="ReadQ16"/>).</summary>
        public long BadFloats;

        private readonly byte[] window = new byte[MaxFrameBytes];
        private int count;

        /// <summary>Parses <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>;
        /// calls <paramref name="handler"/> (may be null) for each good frame. Returns the number of good frames.
        /// Invalid arguments parse nothing.</summary>
        public int Feed(byte[] buffer, int offset, int length, IMavlinkHandler handler)
        {
            if (buffer == null || offset < 0 || length <= 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                return 0;
            }

            int frames = 0;
            for (int i = 0; i < length; i++)
            {
                byte b = buffer[offset + i];
                if (count == 0 && b != StartV2 && b != StartV1)
                {
                    DroppedBytes++;
                    continue;
                }

                window[count++] = b;
                frames += Evaluate(handler);
            }

            return frames;
        }

        /// <summary>Discards a partial frame (e.g. after a UART overrun).</summary>
        public void ResetStream()
        {
            DroppedBytes += count;
            count = 0;
        }

        public int ReadU8(int offset)
        {
            return Payload[offset];
        }

        public int ReadU16(int offset)
        {
            return Payload[offset] | (Payload[offset + 1] << 8);
        }

        public int ReadI32(int offset)
        {
            return Payload[offset] | (Payload[offset + 1] << 8) | (Payload[offset + 2] << 16) | (Payload[offset + 3] << 24);
        }

        public long ReadI64(int offset)
        {
            return (ReadI32(offset) & 0xFFFFFFFFL) | ((long)ReadI32(offset + 4) << 32);
        }

        /// <summary>Reads a float field as Q16.16 (round to nearest, saturating). Returns false and counts
        /// <see cref="BadFloats"/> for NaN or an infinity.</summary>
        public bool ReadQ16(int offset, out int q16)
        {
            if (MavlinkFloat.TryToQ16(ReadI32(offset), out q16))
            {
                return true;
            }

            BadFloats++;
            return false;
        }

        // Decides as much as the window allows; loops because dropping a failed candidate can expose another.
        private int Evaluate(IMavlinkHandler handler)
        {
            int frames = 0;
            while (count > 0)
            {
                if (window[0] != StartV2 && window[0] != StartV1)
                {
                    DropFirst();
                    continue;
                }

                bool v2 = window[0] == StartV2;
                int header = v2 ? HeaderV2 : HeaderV1;
                if (count < header)
                {
                    return frames;
                }

                int payloadLength = window[1];
                int incompat = v2 ? window[2] : 0;
                if (v2 && (incompat & ~1) != 0)
                {
                    IncompatibleFrames++;
                    DropFirst();
                    continue;
                }

                int total = header + payloadLength + 2 + ((incompat & 1) != 0 ? SignatureBytes : 0);
                if (count < total)
                {
                    return frames;
                }

                int messageId = v2 ? window[7] | (window[8] << 8) | (window[9] << 16) : window[5];
                int extra = MavlinkMessages.CrcExtra(messageId);
                if (extra < 0)
                {
                    UnknownMessages++;
                    DropFirst();
                    continue;
                }

                int crc = MavlinkCrc.Update(MavlinkCrc.Initial, window, 1, header - 1 + payloadLength);
                crc = MavlinkCrc.Accumulate(crc, extra);
                int crcAt = header + payloadLength;
                if (crc != (window[crcAt] | (window[crcAt + 1] << 8)))
                {
                    CrcErrors++;
                    DropFirst();
                    continue;
                }

                if (!v2)
                {
                    V1Frames++;
                }
                else if ((incompat & 1) != 0)
                {
                    SignedFrames++;
                }
                else
                {
                    int known = MavlinkMessages.Length(messageId);
                    int copy = payloadLength < known ? payloadLength : known;
                    for (int i = 0; i < copy; i++)
                    {
                        Payload[i] = window[HeaderV2 + i];
                    }

                    for (int i = copy; i < known; i++)
                    {
                        Payload[i] = 0;
                    }

                    MessageId = messageId;
                    Sequence = window[4];
                    SystemId = window[5];
                    ComponentId = window[6];
                    PayloadLength = payloadLength;
                    GoodFrames++;
                    frames++;
                    Consume(total);
                    if (handler != null)
                    {
                        handler.OnMessage(this);
                    }

                    continue;
                }

                DroppedBytes += total;
                Consume(total);
            }

            return frames;
        }

        private void DropFirst()
        {
            DroppedBytes++;
            int next = 1;
            while (next < count && window[next] != StartV2 && window[next] != StartV1)
            {
                next++;
            }

            DroppedBytes += next - 1;
            Consume(next);
        }

        private void Consume(int bytes)
        {
            for (int i = bytes; i < count; i++)
            {
                window[i - bytes] = window[i];
            }

            count -= bytes;
        }
    }
}
