// Password hashing with bcrypt (bcryptjs: pure JS, no native build).
import bcrypt from "bcryptjs";

const COST = 11;
/** Compared against when the user does not exist, so both paths take as long. */
let dummyHash: string | undefined;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  dummyHash ??= bcrypt.hashSync("no-such-user", COST);
  const ok = await bcrypt.compare(password, hash ?? dummyHash);
  return Boolean(hash) && ok;
}
