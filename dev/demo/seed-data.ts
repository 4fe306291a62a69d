// The demo tenants and sign-ins, shared by the seed, the demo banner and tests.
export const demoPassword = "loris-demo-2026";

export const demoTenants = [
  { slug: "acme", name: "Acme Support Center" },
  { slug: "globex", name: "Globex Care" },
] as const;

export const demoUsers = [
  { email: "admin@acme.test", name: "Ada Admin", role: "customer_admin", tenants: ["acme"] },
  { email: "admin@globex.test", name: "Gus Globex", role: "customer_admin", tenants: ["globex"] },
  { email: "support@loris.test", name: "Sam Support", role: "support", tenants: [] },
] as const;
