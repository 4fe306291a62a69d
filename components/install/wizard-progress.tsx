"use client";
// The wizard's steps down the side (across the top on small screens): done
// steps are links, the current one is marked for screen readers, later ones
// are plain text until reached.
import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";
import { useEffect, useRef } from "react";
import { WIZARD_STEPS } from "@/lib/install/steps";

export function WizardProgress({ slug, furthest: rendered, skipped }: { slug: string; furthest: number; skipped: string[] }) {
  const segment = useSelectedLayoutSegment();
  const list = useRef<HTMLOListElement>(null);
  // On a phone the rail scrolls sideways: keep the current step in view.
  useEffect(() => {
    list.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [segment]);
  // The layout is kept across steps, so the step just reached may be past what it rendered with.
  const furthest = Math.max(rendered, WIZARD_STEPS.findIndex((s) => s.path === segment));
  return (
    <nav aria-label="Install progress" className="min-w-0">
      <ol ref={list} className="relative flex gap-2 overflow-x-auto lg:flex-col lg:gap-1">
        {WIZARD_STEPS.map((s, index) => {
          const current = segment === s.path;
          const reachable = index <= furthest;
          const isSkipped = skipped.includes(s.step);
          const done = index < furthest && !current;
          const badge = (
            <span aria-hidden className={`grid h-7 w-7 shrink-0 place-items-center rounded-full text-xs font-semibold ${current ? "bg-brand-600 text-white" : isSkipped ? "bg-slate-100 text-slate-400" : done ? "bg-emerald-100 text-emerald-800" : "bg-slate-200 text-slate-600"}`}>
              {isSkipped ? "–" : done ? "✓" : index + 1}
            </span>
          );
          const label = (
            <span className="min-w-0">
              <span className="block text-sm font-medium">{s.title}</span>
              <span className="hidden text-xs text-slate-500 lg:block">{isSkipped ? "Not used: live audio not chosen" : s.summary}</span>
            </span>
          );
          const classes = `flex min-w-max items-center gap-3 rounded-lg px-3 py-2 lg:min-w-0 ${current ? "bg-brand-50 text-brand-900" : "text-slate-700"}`;
          return (
            <li key={s.step}>
              {reachable && !isSkipped ? (
                <Link href={`/tenants/${slug}/install/${s.path}`} aria-current={current ? "step" : undefined} className={`${classes} hover:bg-slate-100`}>
                  {badge}
                  {label}
                  <span className="sr-only">{done ? " (done)" : current ? " (current step)" : ""}</span>
                </Link>
              ) : (
                <span className={`${classes} opacity-60`} aria-disabled="true">
                  {badge}
                  {label}
                  <span className="sr-only">{isSkipped ? " (skipped)" : " (not reached yet)"}</span>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
