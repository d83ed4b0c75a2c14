#!/usr/bin/env node
import { buildPlatformApp } from './platform-app';

buildPlatformApp();
