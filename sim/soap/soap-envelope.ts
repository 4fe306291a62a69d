// SOAP 1.1 envelopes in and out. Requests are parsed with fast-xml-parser and
// matched on local names only (clients pick any namespace prefixes). Answers
// use the shapes Five9's JAX-WS service sends: `ns2:<op>Response` in the
// service namespace with a `<return>` element, or a `soap:Fault`.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { clientFault, type SoapFault } from "./soap-fault";

export const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
export const FIVE9_ADMIN_NS = "http://service.admin.ws.five9.com/";

/** An element's content after parsing: text, or child elements by local name. */
export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [localName: string]: XmlValue;
}

export interface SoapRequest {
  operation: string;
  args: XmlElement;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
});

const isElement = (v: XmlValue | undefined): v is XmlElement => typeof v === "object" && v !== null && !Array.isArray(v);

/** Child element names, without text nodes (`#text`) and other parser markers. */
const childNames = (e: XmlElement) => Object.keys(e).filter((k) => !k.startsWith("#") && !k.startsWith("?"));

/** Reads `Envelope/Body/<operation>`; anything else is a `soap:Client` fault. */
export function parseSoapRequest(xml: string): SoapRequest {
  if (!xml.trim()) throw clientFault("The request body is empty: expected a SOAP 1.1 Envelope");
  // SOAP forbids DTDs; refusing them also rules out entity-expansion bombs.
  if (/<!DOCTYPE/i.test(xml)) throw clientFault("DTDs are not allowed in SOAP messages");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw clientFault(`Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  let doc: XmlElement;
  try {
    doc = parser.parse(xml) as XmlElement;
  } catch (error) {
    throw clientFault(`Malformed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = childNames(doc);
  if (roots.length !== 1 || roots[0] !== "Envelope" || !isElement(doc.Envelope)) throw clientFault("The root element must be a SOAP Envelope");
  const body = doc.Envelope.Body;
  if (!isElement(body)) throw clientFault("The SOAP Envelope has no Body (or more than one)");
  const operations = childNames(body);
  if (operations.length !== 1) throw clientFault(`The SOAP Body must hold exactly one operation element, found ${operations.length}`);
  const operation = operations[0]!;
  const args = body[operation];
  if (Array.isArray(args)) throw clientFault("The SOAP Body must hold exactly one operation element");
  return { operation, args: isElement(args) ? args : {} };
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
  const fields = Object.entries(fault.detailFields)
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join("");
  const detail = fault.detailName
    ? `<detail><ns2:${fault.detailName} xmlns:ns2="${FIVE9_ADMIN_NS}"><message>${xmlEscape(fault.message)}</message>${fields}</ns2:${fault.detailName}></detail>`
    : "";
  return envelope(`<soap:Fault><faultcode>soap:${fault.faultCode}</faultcode><faultstring>${xmlEscape(fault.message)}</faultstring>${detail}</soap:Fault>`);
}
