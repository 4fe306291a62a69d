// A labelled <select> of a GET filter form; the empty option means "any".
import { inputClass } from "./field";

export function FilterSelect({ id, label, name, value, options }: { id: string; label: string; name: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">Any</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}
