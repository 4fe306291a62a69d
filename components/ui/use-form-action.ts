"use client";
// Submits a form to a server action inside a transition. Unlike <form action>,
// the fields keep what the admin typed when the server refuses it, so a
// mistake is fixed in place rather than typed again.
import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/guard";

export function useFormAction<T>(action: (form: FormData) => Promise<ActionResult<T> | undefined>) {
  const [state, setState] = useState<ActionResult<T> | null>(null);
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      setState((await action(form)) ?? null);
    });
  };
  const errors = state && !state.ok ? (state.error.fields ?? {}) : {};
  return { state, pending, onSubmit, errors };
}
