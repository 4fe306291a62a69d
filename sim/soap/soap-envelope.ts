// SOAP 1.1 envelopes in and out. Requests are parsed with fast-xml-parser and
// namespaces resolved as XML does: Envelope and Body must be SOAP 1.1's, the
// operation is a qualified name, arguments are unqualified elements (clients
// pick any prefixes). Answers
// use the shapes Five9's JAX-WS service sends: `ns2:<op>Response` in the
// service namespace with a `<return>` element, or a `soap:Fault`.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { clientFault, SoapFault } from "./soap-fault";

export const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
export const FIVE9_ADMIN_NS = "http://service.admin.ws.five9.com/";

/** An element's content after parsing: text, or child elements by local name. */
export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [localName: string]: XmlValue;
}

export interface SoapRequest {
  /** Local name of the Body's element. */
  operation: string;
  /** Its namespace ("" when unqualified): JAX-WS dispatches on both. */
  namespace: string;
  /** Unqualified child elements by local name, all the way down. */
  args: XmlElement;
  /** `{ns}local` of argument elements skipped because they were in a namespace. */
  ignored: string[];
}

/** Prefixes and xmlns declarations kept, to resolve namespaces. */
const nsParser = new XMLParser({
  removeNSPrefix: false,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
});

const isElement = (v: XmlValue | undefined): v is XmlElement => typeof v === "object" && v !== null && !Array.isArray(v);

/** Child element names, without text nodes (`#text`), attributes (`@_…`) and other parser markers. */
const childNames = (e: XmlElement) => Object.keys(e).filter((k) => !k.startsWith("#") && !k.startsWith("?") && !k.startsWith("@_"));

type NsScope = ReadonlyMap<string, string>;

/** The namespace scope inside an element: its parent's plus its own xmlns declarations. */
function scopeOf(node: XmlValue | undefined, parent: NsScope): NsScope {
  if (!isElement(node)) return parent;
  const scope = new Map(parent);
  for (const [key, value] of Object.entries(node)) {
    if (key === "@_xmlns") scope.set("", String(value));
    else if (key.startsWith("@_xmlns:")) scope.set(key.slice("@_xmlns:".length), String(value));
  }
  return scope;
}

/** `{ns}local` of a tag name; an unbound prefix is malformed XML (namespaces in XML 1.0). */
function qualified(name: string, scope: NsScope): { local: string; ns: string } {
  const colon = name.indexOf(":");
  const prefix = colon < 0 ? "" : name.slice(0, colon);
  const ns = scope.get(prefix) ?? (prefix === "" ? "" : undefined);
  if (ns === undefined) throw clientFault(`Malformed XML: the prefix "${prefix}" of <${name}> is not bound to a namespace`);
  return { local: name.slice(colon + 1), ns };
}

/** Java's QName.toString(), as JAX-WS prints it in dispatch errors. */
export const qnameText = (ns: string, local: string) => (ns ? `{${ns}}${local}` : local);

/**
 * Reads `Envelope/Body/<operation>` the way a SOAP 1.1-only JAX-WS endpoint
 * does: an `Envelope` in another namespace (SOAP 1.2, or none) is a
 * `VersionMismatch` fault; anything else that is not one operation inside a
 * SOAP 1.1 Body is a `soap:Client` fault.
 */
export function parseSoapRequest(xml: string): SoapRequest {
  if (!xml.trim()) throw clientFault("The request body is empty: expected a SOAP 1.1 Envelope");
  // SOAP forbids DTDs; refusing them also rules out entity-expansion bombs.
  if (/<!DOCTYPE/i.test(xml)) throw clientFault("DTDs are not allowed in SOAP messages");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw clientFault(`Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  let nsDoc: XmlElement;
  try {
    nsDoc = nsParser.parse(xml) as XmlElement;
  } catch (error) {
    throw clientFault(`Malformed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = childNames(nsDoc);
  if (roots.length !== 1) throw clientFault("The root element must be a SOAP Envelope");
  const envelopeNode = nsDoc[roots[0]!];
  if (Array.isArray(envelopeNode)) throw clientFault("The document must have one root element, a SOAP Envelope");
  const envelopeScope = scopeOf(envelopeNode, new Map());
  const root = qualified(roots[0]!, envelopeScope);
  if (root.local !== "Envelope") throw clientFault("The root element must be a SOAP Envelope");
  // Metro's words (VersionMismatchException); SOAP 1.1 §4.4.1 names the code.
  if (root.ns !== SOAP_ENV_NS) throw new SoapFault("VersionMismatch", `Couldn't create SOAP message. Expecting Envelope in namespace ${SOAP_ENV_NS}, but got ${root.ns}`);
  if (!isElement(envelopeNode)) throw clientFault("The SOAP Envelope has no Body (or more than one)");

  const bodies = childNames(envelopeNode).filter((name) => {
    const q = qualified(name, envelopeScope);
    return q.local === "Body" && q.ns === SOAP_ENV_NS;
  });
  const bodyNode = bodies.length === 1 ? envelopeNode[bodies[0]!] : undefined;
  if (bodyNode === undefined || Array.isArray(bodyNode)) throw clientFault("The SOAP Envelope has no Body (or more than one)");
  const bodyScope = scopeOf(bodyNode, envelopeScope);
  const operations = isElement(bodyNode) ? childNames(bodyNode) : [];
  if (operations.length !== 1) throw clientFault(`The SOAP Body must hold exactly one operation element, found ${operations.length}`);
  const operationNode = (bodyNode as XmlElement)[operations[0]!];
  if (Array.isArray(operationNode)) throw clientFault("The SOAP Body must hold exactly one operation element");
  const operation = qualified(operations[0]!, scopeOf(operationNode, bodyScope));

  const ignored: string[] = [];
  const args = unqualified(operationNode ?? "", scopeOf(operationNode, bodyScope), ignored);
  return { operation: operation.local, namespace: operation.ns, args: isElement(args) ? args : {}, ignored };
}

/**
 * An element's content as JAX-WS binds it with Five9's schema (no
 * elementFormDefault, so children are unqualified): child elements in a
 * namespace are skipped, as Metro skips elements that match no part
 * ("no corresponding part found. ignore") and JAXB skips unknown ones — a
 * qualified `<ser:folderName>` or a default xmlns on the operation leaves the
 * argument missing. Text of an element without child elements; attributes dropped.
 */
function unqualified(node: XmlValue, scope: NsScope, ignored: string[]): XmlValue {
  if (typeof node === "string") return node;
  if (Array.isArray(node)) return node.map((n) => unqualified(n, scope, ignored));
  const names = childNames(node);
  if (names.length === 0) return typeof node["#text"] === "string" ? node["#text"] : "";
  const out: XmlElement = {};
  for (const name of names) {
    const value = node[name]!;
    for (const occurrence of Array.isArray(value) ? value : [value]) {
      const inner = scopeOf(occurrence, scope);
      const q = qualified(name, inner);
      if (q.ns !== "") {
        ignored.push(qnameText(q.ns, q.local));
        continue;
      }
      const converted = unqualified(occurrence, inner, ignored);
      const previous = out[q.local];
      out[q.local] = previous === undefined ? converted : Array.isArray(previous) ? [...previous, converted] : [previous, converted];
    }
  }
  return out;
}

/** A text argument: undefined when absent; a fault when it is not plain text or repeats. */
export function textArg(parent: XmlElement, name: string, path = name): string | undefined {
  const value = parent[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw clientFault(`Argument "${path}" must be a single text value`);
  return value;
}

/** A structured argument (element with children): undefined when absent or empty. */
export function elementArg(parent: XmlElement, name: string, path = name): XmlElement | undefined {
  const value = parent[name];
  if (value === undefined || value === "") return undefined;
  if (!isElement(value)) throw clientFault(`Argument "${path}" must be a single element with child elements`);
  return value;
}

export function xmlEscape(text: string): string {
  // \r is escaped so that it survives XML line-end normalisation on the client.
  return text.replace(/[&<>"\r]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;" })[c]!);
}

const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

/** `<ns2:{operation}Response><return>…</return></ns2:{operation}Response>`: text (escaped here) or `{ xml }` children. */
export function soapResponse(operation: string, returnValue: string | { xml: string }): string {
  const content = typeof returnValue === "string" ? xmlEscape(returnValue) : returnValue.xml;
  return envelope(`<ns2:${operation}Response xmlns:ns2="${FIVE9_ADMIN_NS}"><return>${content}</return></ns2:${operation}Response>`);
}

/**
 * The children of `vccConfiguration` the simulator fills, in the WSDL's
 * sequence order: domainId, domainName, then the domain's time zone. The
 * WSDL names `timeZoneAssignment` but Five9 publishes nothing of its inside:
 * `<timeZone>` (IANA id) there is *decided here*. Other elements are omitted
 * (all are minOccurs="0").
 */
export function vccConfigurationXml(domain: { id: string; name: string; timeZone: string }): string {
  return `<domainId>${xmlEscape(domain.id)}</domainId><domainName>${xmlEscape(domain.name)}</domainName><timeZoneAssignment><timeZone>${xmlEscape(domain.timeZone)}</timeZone></timeZoneAssignment>`;
}

export function soapFaultXml(fault: SoapFault): string {
  // The detail's children in the order the WSDL declares them: alphabetical, `message` included.
  const fields = Object.entries({ message: fault.message, ...fault.detailFields })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join("");
  const detail = fault.detailName ? `<detail><ns2:${fault.detailName} xmlns:ns2="${FIVE9_ADMIN_NS}">${fields}</ns2:${fault.detailName}></detail>` : "";
  return envelope(`<soap:Fault><faultcode>soap:${fault.faultCode}</faultcode><faultstring>${xmlEscape(fault.message)}</faultstring>${detail}</soap:Fault>`);
}
