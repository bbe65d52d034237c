// Interop with node-mavlink (independent MAVLink implementation, version pinned in package.json).
//   node interop.js decode   < hex frames (one line, concatenated)  -> JSON: decoded messages + CRC error count
//   node interop.js encode                                             -> hex lines: HIL_SENSOR, COMMAND_LONG
'use strict';
const { Readable } = require('stream');
const { MavLinkProtocolV2, createMavLinkStream, minimal, common } = require('node-mavlink');

const REGISTRY = { ...minimal.REGISTRY, ...common.REGISTRY };
const json = (v) => JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x));

function decode(hex) {
  let crcErrors = 0;
  const out = [];
  const reader = createMavLinkStream(Readable.from([Buffer.from(hex, 'hex')]), { onCrcError: () => crcErrors++ });
  reader.on('data', (packet) => {
    const clazz = REGISTRY[packet.header.msgid];
    const data = clazz ? packet.protocol.data(packet.payload, clazz) : null;
    out.push({ msgid: packet.header.msgid, seq: packet.header.seq, sysid: packet.header.sysid,
      compid: packet.header.compid, magic: packet.header.magic, name: clazz ? clazz.MSG_NAME : null,
      fields: data ? Object.assign({}, data) : null });
  });
  reader.on('end', () => process.stdout.write(json({ crcErrors, messages: out }) + '\n'));
}

function encode() {
  const proto = new MavLinkProtocolV2(42, 200);
  const hil = new common.HilSensor();
  hil.timeUsec = 1234567890123n;
  hil.xacc = 0.5; hil.yacc = -1.25; hil.zacc = -9.80665;
  hil.xgyro = 0.015625; hil.ygyro = -2.5; hil.zgyro = 3.0;
  hil.xmag = 0.2; hil.ymag = 0; hil.zmag = 0.4;
  hil.absPressure = 1013.25; hil.diffPressure = 0; hil.pressureAlt = 12.5; hil.temperature = 21;
  hil.fieldsUpdated = 0x3F; hil.id = 0;
  const cmd = new common.CommandLong();
  cmd.targetSystem = 1; cmd.targetComponent = 1; cmd.command = 400; cmd.confirmation = 0;
  cmd._param1 = 1; cmd._param2 = 21196; cmd._param3 = 0; cmd._param4 = 0; cmd._param5 = 0; cmd._param6 = 0; cmd._param7 = -0.5;
  process.stdout.write(proto.serialize(hil, 7).toString('hex') + '\n');
  process.stdout.write(proto.serialize(cmd, 8).toString('hex') + '\n');
}

if (process.argv[2] === 'encode') {
  encode();
} else {
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => decode(input.trim()));
}
