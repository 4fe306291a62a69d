import Link from "next/link";
import type { ReactNode } from "react";

/** One wizard step: its title, why it is needed, the form, and the way back. */
export function StepPanel({ title, intro, back, children }: { title: string; intro: ReactNode; back?: string; children: ReactNode }) {
  return (
    <section aria-labelledby="step-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="step-heading" className="text-xl font-semibold">{title}</h2>
      <div className="mt-1 max-w-2xl text-sm text-slate-600">{intro}</div>
      <div className="mt-6">{children}</div>
      {back ? (
        <p className="mt-6 border-t border-slate-100 pt-4 text-sm">
          <Link href={back} className="text-brand-700 hover:underline">← Back</Link>
        </p>
      ) : null}
    </section>
  );
}
