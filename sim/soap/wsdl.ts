// The WSDL of the simulated AdminWebService, served at
// GET /wsadmin/v13/AdminWebService?wsdl&user=… so that WSDL-driven clients
// (node `soap`, zeep, the python `five9` package, .NET proxies) work against
// the simulator as they do against Five9. It declares only what the simulator
// implements: four operations and the faults they raise.
//
// Shape follows Five9's published WSDL (a JAX-WS RI service): SOAP 1.1,
// document/literal wrapped, one inline schema in the service namespace with
// unqualified children (no elementFormDefault), every wrapper child
// minOccurs="0", sequences in alphabetical order (Five9's schema orders every
// sequence alphabetically: `end` before `start`, `criteria` before
// `folderName`), wsdl:message names `<Name>Exception` for fault `<Name>Fault`,
// soapAction "" everywhere. The soap:address is the base URL the WSDL was
// requested with, as JAX-WS does.
import { FIVE9_ADMIN_NS, xmlEscape } from "./soap-envelope";
import type { SoapFaultName } from "./soap-fault";

export const SOAP_OPERATIONS = ["getReportResultCsv", "getVCCConfiguration", "isReportRunning", "runReport"] as const;
export type SoapOperationName = (typeof SOAP_OPERATIONS)[number];

const ALWAYS: SoapFaultName[] = ["AccessDisallowedFault", "OperationsLimitExceededFault", "ServerFault"];

/** The faults each operation declares: exactly those routes.ts can raise for it. */
export const OPERATION_FAULTS: Record<SoapOperationName, SoapFaultName[]> = {
  runReport: [...ALWAYS, "IncorrectArgumentFault", "InvalidDateRangeFault", "MissedArgumentFault", "ReportNotFoundFault"],
  isReportRunning: [...ALWAYS, "IncorrectArgumentFault", "MissedArgumentFault", "UnknownIdentifierFault"],
  getReportResultCsv: [...ALWAYS, "MissedArgumentFault", "ResultIsNotReadyFault", "UnknownIdentifierFault"],
  getVCCConfiguration: ALWAYS,
};

/**
 * Fields of each fault's detail element besides `message` (Five9's fault
 * reference). soapFaultXml writes `message` and these in alphabetical order,
 * the order declared here.
 */
export const FAULT_FIELDS: Record<SoapFaultName, Record<string, string>> = {
  AccessDisallowedFault: {},
  IncorrectArgumentFault: {},
  InvalidAccountFault: {},
  InvalidDateRangeFault: { end: "xs:dateTime", start: "xs:dateTime" },
  MissedArgumentFault: {},
  OperationsLimitExceededFault: { limit: "xs:long", operationType: "xs:string" },
  ReportNotFoundFault: { folder: "xs:string", reportName: "xs:string" },
  ResultIsNotReadyFault: {},
  ServerFault: {},
  UnknownIdentifierFault: {},
};

interface Field {
  name: string;
  type: string;
  /** JAX-WS omits minOccurs="0" for Java primitives (boolean, long). */
  required?: boolean;
  maxOccurs?: "unbounded";
}

const el = (f: Field) => `<xs:element${f.required ? "" : ' minOccurs="0"'}${f.maxOccurs ? ` maxOccurs="${f.maxOccurs}"` : ""} name="${f.name}" type="${f.type}"/>`;
const complexType = (name: string, fields: Field[]) => `<xs:complexType name="${name}"><xs:sequence>${fields.map(el).join("")}</xs:sequence></xs:complexType>`;

/** Wrapper and data types of the four operations. */
const operationTypes: Record<string, Field[]> = {
  runReport: [
    { name: "criteria", type: "tns:customReportCriteria" },
    { name: "folderName", type: "xs:string" },
    { name: "reportName", type: "xs:string" },
  ],
  runReportResponse: [{ name: "return", type: "xs:string" }],
  // Five9's criteria also carry report objects (filters); the simulator ignores them.
  customReportCriteria: [{ name: "time", type: "tns:reportTimeCriteria" }],
  reportTimeCriteria: [
    { name: "end", type: "xs:dateTime" },
    { name: "start", type: "xs:dateTime" },
  ],
  isReportRunning: [
    { name: "identifier", type: "xs:string" },
    { name: "timeout", type: "xs:long", required: true },
  ],
  isReportRunningResponse: [{ name: "return", type: "xs:boolean", required: true }],
  getReportResultCsv: [{ name: "identifier", type: "xs:string" }],
  getReportResultCsvResponse: [{ name: "return", type: "xs:string" }],
  getVCCConfiguration: [],
  getVCCConfigurationResponse: [{ name: "return", type: "tns:vccConfiguration" }],
  // Five9's vccConfiguration has 15 optional elements; these are the ones the simulator sends.
  vccConfiguration: [
    { name: "domainId", type: "xs:long" },
    { name: "domainName", type: "xs:string" },
    { name: "timeZoneAssignment", type: "tns:timeZoneAssignment" },
  ],
  // Inside not published by Five9: `timeZone` (IANA id) is decided by the simulator.
  timeZoneAssignment: [{ name: "timeZone", type: "xs:string" }],
};

const declaredFaults = (): SoapFaultName[] => [...new Set(SOAP_OPERATIONS.flatMap((op) => OPERATION_FAULTS[op]))].sort();
const exceptionName = (fault: SoapFaultName) => fault.replace(/Fault$/, "Exception");

function schema(): string {
  const faults = declaredFaults();
  const elements = [
    ...SOAP_OPERATIONS.flatMap((op) => [op, `${op}Response`]),
    ...faults,
  ].map((name) => `<xs:element name="${name}" type="tns:${name}"/>`);
  const types = [
    ...Object.entries(operationTypes).map(([name, fields]) => complexType(name, fields)),
    ...faults.map((fault) => {
      const fields = { message: "xs:string", ...FAULT_FIELDS[fault] };
      return complexType(fault, Object.keys(fields).sort().map((name) => ({ name, type: fields[name as keyof typeof fields]! })));
    }),
  ];
  return `<xs:schema xmlns:tns="${FIVE9_ADMIN_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema" version="1.0" targetNamespace="${FIVE9_ADMIN_NS}">${elements.join("")}${types.join("")}</xs:schema>`;
}

/** The WSDL document, with the soap:address at `baseUrl` + `path`. */
export function adminWebServiceWsdl(baseUrl: string, path: string): string {
  const faults = declaredFaults();
  const messages = [
    ...SOAP_OPERATIONS.flatMap((op) => [
      `<message name="${op}"><part name="parameters" element="tns:${op}"/></message>`,
      `<message name="${op}Response"><part name="parameters" element="tns:${op}Response"/></message>`,
    ]),
    ...faults.map((f) => `<message name="${exceptionName(f)}"><part name="fault" element="tns:${f}"/></message>`),
  ];
  const portOps = SOAP_OPERATIONS.map(
    (op) =>
      `<operation name="${op}"><input message="tns:${op}"/><output message="tns:${op}Response"/>${OPERATION_FAULTS[op]
        .map((f) => `<fault message="tns:${exceptionName(f)}" name="${exceptionName(f)}"/>`)
        .join("")}</operation>`,
  );
  const bindingOps = SOAP_OPERATIONS.map(
    (op) =>
      `<operation name="${op}"><soap:operation soapAction=""/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output>${OPERATION_FAULTS[op]
        .map((f) => `<fault name="${exceptionName(f)}"><soap:fault name="${exceptionName(f)}" use="literal"/></fault>`)
        .join("")}</operation>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="${FIVE9_ADMIN_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${FIVE9_ADMIN_NS}" name="AdminWebService">
<types>${schema()}</types>
${messages.join("\n")}
<portType name="AdminWebService">${portOps.join("")}</portType>
<binding name="AdminWebServicePortBinding" type="tns:AdminWebService"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>${bindingOps.join("")}</binding>
<service name="AdminWebService"><port name="AdminWebServicePort" binding="tns:AdminWebServicePortBinding"><soap:address location="${xmlEscape(baseUrl + path)}"/></port></service>
</definitions>
`;
}
