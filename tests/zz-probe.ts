import { planShippedStack } from "./harness";
(async () => {
  for (const st of ["aws-prod", "local"]) {
    const p = await planShippedStack(st);
    const cj = p.ofType("kubernetes:batch/v1:CronJob");
    console.log(st, cj.length, JSON.stringify(cj[0]?.props, null, 1).slice(0, 4000));
    console.log(p.mandatoryViolations.map(v => v.policy + ": " + v.message));
    console.log(p.resources.filter(r => /snapshot/.test(r.name)).map(r => `${r.type} ${r.name} protect=${r.protect}`));
  }
})();
