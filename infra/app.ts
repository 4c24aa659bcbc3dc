#!/usr/bin/env node
import { buildApp } from './outbound-app.js';

buildApp().app.synth();
