// One error type for the SOAP surface. Five9 answers every error as a SOAP 1.1
// fault (HTTP 500) whose <detail> names the fault (`OperationsLimitExceededFault`,
// `AccessDisallowedFault`, …) with a <message> and the fault's own fields.
// faultcode: `soap:Client` when the request itself is wrong (XML, operation,
// arguments), `soap:Server` for the service's declared faults — what a JAX-WS
// service does. Connectors should key on the detail element, not the code.

export type SoapFaultName =
  | "AccessDisallowedFault"
  | "InvalidAccountFault"
  | "MissedArgumentFault"
  | "IncorrectArgumentFault"
  | "InvalidDateRangeFault"
  | "ReportNotFoundFault"
  | "UnknownIdentifierFault"
  | "ResultIsNotReadyFault"
  | "OperationsLimitExceededFault"
  | "ServerFault";

export class SoapFault extends Error {
  constructor(
    /** VersionMismatch: the envelope is not SOAP 1.1 (see parseSoapRequest). */
    readonly faultCode: "Client" | "Server" | "VersionMismatch",
    message: string,
    /** Element inside <detail>; omitted for plain protocol errors (malformed XML, unknown operation). */
    readonly detailName?: SoapFaultName,
    /** Extra fields of the detail element, after <message>. */
    readonly detailFields: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** A request the service cannot read: malformed XML, no Envelope/Body, unknown operation. */
export const clientFault = (message: string) => new SoapFault("Client", message);

export const missedArgument = (name: string) => new SoapFault("Client", `Required argument "${name}" is missing`, "MissedArgumentFault");

export const incorrectArgument = (message: string) => new SoapFault("Client", message, "IncorrectArgumentFault");
