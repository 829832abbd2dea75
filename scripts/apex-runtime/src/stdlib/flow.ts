// Flow.Interview (Apex Reference, "Interview Class", flow-interview-class.html): the type exists, so code may declare
// and collect interviews; the runtime runs no flow, so creating or starting one (and reading its variables) is
// Unsupported.
import { registerNative } from '../interp/natives';

registerNative({
    name: 'Flow.Interview',
    statics: {
        createinterview: (it) => it.unsupported('Flow.Interview.createInterview (flows are not run)')
    },
    methods: {
        start: (it) => it.unsupported('Flow.Interview.start (flows are not run)'),
        getvariablevalue: (it) => it.unsupported('Flow.Interview.getVariableValue (flows are not run)')
    }
});
