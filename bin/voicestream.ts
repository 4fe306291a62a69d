// VoiceStream receiver entry point: `npm run voicestream`.
import { loadEnvOrExit } from "../lib/env";
import { runLongLivedProcess } from "../lib/process-runner";
import { startVoiceStreamProcess } from "../lib/realtime/voicestream-process";

loadEnvOrExit();
runLongLivedProcess("voicestream", startVoiceStreamProcess);
