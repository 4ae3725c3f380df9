import dns2 from 'dns2';

export interface TestDnsServer {
  /** "127.0.0.1:<port>", for DNS_SERVERS. */
  address: string;
  setTxt(name: string, values: string[]): void;
  close(): Promise<void>;
}

/** A real DNS server over UDP answering TXT queries from a table the test controls. */
export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const values =
        question && question.type === Packet.TYPE.TXT ? txt.get(question.name.toLowerCase()) : undefined;
      if (!question || !values) {
        response.header.rcode = 3; // NXDOMAIN
      } else {
        for (const value of values) {
          // dns2's typings want full Resource objects; the encoder only needs these fields.
          response.answers.push({
            name: question.name,
            type: Packet.TYPE.TXT,
            class: Packet.CLASS.IN,
            ttl: 1,
            data: value,
          } as never);
        }
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = server.addresses().udp?.port;
  if (!port) throw new Error('DNS test server did not bind a UDP port');
  return {
    address: `127.0.0.1:${port}`,
    setTxt: (name, values) => txt.set(name.toLowerCase(), values),
    close: () => server.close(),
  };
}
